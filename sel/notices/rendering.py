"""Newsletter bodies are plain text with a few marks (the seeds' own): ``#`` headings, ``-``
lists, ``**bold**``, ``*italic*``, ``[text](url)`` links, tab-separated tables, ``---`` rules.
Everything is escaped first, so a body can never inject markup."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sel.notices.models import Newsletter
from sel.notices.references import REFERENCE_PATTERNS, newsletter_reference_target, reference_date

LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]*)\)")
BOLD = re.compile(r"\*\*(.+?)\*\*")
ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")
SAFE_URL = re.compile(r"^(https?://|mailto:)[^\"'<>\s]+$")
LIST_ITEM = re.compile(r"^\s*(?:[-•–]|c\. c\.)\s+")
HEADING = re.compile(r"^(#{1,4})\s+(.*)$")

Resolver = Callable[[re.Match[str]], str]


def _inline(text: str, resolve: Resolver) -> str:
    html = str(escape(text))
    kept: list[str] = []

    def keep(fragment: str) -> str:
        kept.append(fragment)
        return f"\x00{len(kept) - 1}\x00"

    def link(match: re.Match[str]) -> str:
        label, url = match.group(1), match.group(2).replace("&amp;", "&")
        if SAFE_URL.match(url):
            return keep(f'<a href="{escape(url)}">{label}</a>')
        return label  # the seeds' placeholder links (#) keep only their text

    html = LINK.sub(link, html)
    for pattern in REFERENCE_PATTERNS:
        html = pattern.sub(lambda m: keep(resolve(m)), html)
    html = BOLD.sub(r"<strong>\1</strong>", html)
    html = ITALIC.sub(r"<em>\1</em>", html)
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], html)


def _blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.rstrip()
        if not line.strip() or HEADING.match(line.strip()):
            if current:
                blocks.append(current)
            current = [line.strip()] if line.strip() else []
            if current:
                blocks.append(current)
                current = []
            continue
        current.append(line)
    if current:
        blocks.append(current)
    return blocks


def _table(lines: Sequence[str], resolve: Resolver) -> str:
    rows = []
    for index, line in enumerate(lines):
        cells = [cell.strip() for cell in line.split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        tag = "th" if index == 0 else "td"
        rows.append(
            "<tr>" + "".join(f"<{tag}>{_inline(c, resolve)}</{tag}>" for c in cells) + "</tr>"
        )
    return '<div class="table-scroll"><table>' + "".join(rows) + "</table></div>"


def render_body(text: str, *, newsletters: Sequence[Newsletter]) -> SafeString:
    """The body as HTML, with references to other newsletters linked (see references.py)."""

    def resolve(match: re.Match[str]) -> str:
        target = newsletter_reference_target(
            newsletters, number=match.group("number"), issued_on=reference_date(match)
        )
        if target is None:
            return match.group(0)
        return f'<a href="{target.get_absolute_url()}">{match.group(0)}</a>'

    parts: list[str] = []
    for lines in _blocks(text):
        first = lines[0].strip()
        heading = HEADING.match(first)
        if heading:
            level = max(2, min(len(heading.group(1)), 4))
            parts.append(f"<h{level}>{_inline(heading.group(2), resolve)}</h{level}>")
        elif len(lines) == 1 and re.fullmatch(r"-{3,}", first):
            parts.append("<hr>")
        elif all(LIST_ITEM.match(line) for line in lines):
            items = "".join(f"<li>{_inline(LIST_ITEM.sub('', x), resolve)}</li>" for x in lines)
            parts.append(f"<ul>{items}</ul>")
        elif any("\t" in line for line in lines):
            parts.append(_table(lines, resolve))
        else:
            joined = "<br>".join(_inline(line.strip(), resolve) for line in lines)
            parts.append(f"<p>{joined}</p>")
    return mark_safe("\n".join(parts))  # noqa: S308 - every piece of text went through escape()


def plain_summary(text: str, *, length: int = 300) -> str:
    """The first paragraph as plain text, for the RSS description."""
    for lines in _blocks(text):
        if HEADING.match(lines[0].strip()) or any("\t" in line for line in lines):
            continue
        plain = " ".join(line.strip() for line in lines)
        plain = LINK.sub(r"\1", plain).replace("**", "").replace("*", "")
        if len(plain) > 40:
            return plain if len(plain) <= length else plain[: length - 1].rsplit(" ", 1)[0] + " …"
    return ""
