"""Issue #12 item 14: a seed's words quoted in the code, the templates, the README or the docs
occur in that seed. A reviewer checks the system against the seeds by grepping for the quotes
(STYLE.md §3), so a quote that is not the seed's own text, or is attributed to the wrong seed,
misleads them.

A quote is French text between « and »; the seed it is attributed to is the nearest seed number
(000 to 004) written before it in the same sentence (« seed 001: », « Seeds 001 and 003 », « 001's
form »), or « (00N) » right after it. Where several seeds are named together (« seeds 001,
003 »), the quote must occur in one of them. Comparison ignores case, accents, apostrophes' shape,
line breaks, Markdown emphasis and links, and the form's check boxes (« ☐ »); « [...] » and « … »
mark cuts, each piece must occur. The seeds are compared as stored (``shared/seeds``) and as the
portal publishes them with only their OCR errors fixed (``sel/notices/seed_newsletters``)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS_DIR = ROOT.parent / "shared" / "seeds"
OCR_FIXED_DIR = ROOT / "sel" / "notices" / "seed_newsletters"
SEED_NUMBERS = ("000", "001", "002", "003", "004")
SCANNED = ["sel/**/*.py", "sel/**/*.html", "sel/**/*.txt", "docs/**/*.md", "tests/**/*.py"]
SCANNED_FILES = ["README.md"]
THIS_FILE = Path(__file__).resolve()

QUOTE = re.compile(r"«\s*(.+?)\s*»", re.S)
SEED_NUMBER = re.compile(r"(?<![\w-])(00[0-4])(?![\w-])")
# A seed number joined to the one after it: « 001 and », « 001, », « 001/ », « 001 (and ».
JOINED = re.compile(r"(?<![\w-])(00[0-4])\s*(?:,|/|and|et|or|\(and|–)\s*$")
CITED_AFTER = re.compile(r"^\s*\((00[0-4])\)")
PASSAGE = 300  # how far before a quote its citation is looked for
CUT = re.compile(r"\[\s*(?:\.\.\.|…)\s*\]|\.\.\.|…")


def normalised(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.replace('<input type="checkbox"/>', "☐")
    text = re.sub(r"<sup>(.*?)</sup>", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # Markdown links keep their text
    text = re.sub(r"[’‘`]", "'", text).replace("*", "").replace("\\", "")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"\s+", " ", text).strip()


def _seed_texts() -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {}
    for number in SEED_NUMBERS:
        [stored] = SEEDS_DIR.glob(f"{number}_*.txt")
        texts[number] = [normalised(stored.read_text())]
        fixed = OCR_FIXED_DIR / f"{number}.txt"
        if fixed.exists():
            texts[number].append(normalised(fixed.read_text()))
    return texts


@dataclass(frozen=True)
class Citation:
    where: str
    seeds: tuple[str, ...]
    quote: str

    def pieces(self) -> list[str]:
        # A quote spread over comment lines or concatenated string literals.
        text = re.sub(r"\n\s*#\s*", " ", self.quote)
        text = re.sub(r"\"\s*\n\s*\"", "", text)
        pieces = [normalised(piece).strip(" .,;:'\"") for piece in CUT.split(text)]
        return [piece for piece in pieces if len(piece) > 2]


def _cited_before(before: str) -> tuple[str, ...]:
    numbers = list(SEED_NUMBER.finditer(before))
    if not numbers:
        return ()
    last = numbers[-1]
    cited = [last.group(1)]
    head = before[: last.start()]
    while (joined := JOINED.search(head)) is not None:
        cited.append(joined.group(1))
        head = head[: joined.start()]
    return tuple(cited)


def citations_in(path: Path) -> list[Citation]:
    text = path.read_text(errors="replace")
    found = []
    for match in QUOTE.finditer(text):
        after = CITED_AFTER.match(text[match.end() :])
        before = text[max(0, match.start() - PASSAGE) : match.start()]
        # A citation belongs to its sentence: not across a blank line or a full stop, and the
        # numbers inside earlier quotes are not citations.
        before = re.sub(r"«[^»]*»", "«»", before)
        before = re.split(r"\n\s*\n|[.!?]\s+(?=[A-Z«])", before)[-1]
        seeds = (after.group(1),) if after else _cited_before(before)
        if seeds:
            line = text[: match.start()].count("\n") + 1
            name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
            where = f"{name}:{line}"
            found.append(Citation(where, seeds, match.group(1)))
    return found


def all_citations() -> list[Citation]:
    paths = {path for pattern in SCANNED for path in ROOT.glob(pattern)}
    paths |= {ROOT / name for name in SCANNED_FILES}
    paths.discard(THIS_FILE)
    return [c for path in sorted(paths) if path.is_file() for c in citations_in(path)]


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason="the seeds are beside the repository")
def test_every_quote_cited_as_a_seed_occurs_in_that_seed() -> None:
    seeds = _seed_texts()
    citations = all_citations()
    assert len(citations) > 150  # the scan finds them (about 190 today)
    wrong = [
        f"{c.where}: « {' '.join(c.quote.split())[:120]} » is not in seed {'/'.join(c.seeds)}"
        for c in citations
        if not all(
            any(piece in text for number in c.seeds for text in seeds[number])
            for piece in c.pieces()
        )
    ]
    assert wrong == [], "\n".join(wrong)


def test_the_check_catches_a_misquote_and_a_wrong_seed(tmp_path: Path) -> None:
    seeds = _seed_texts()
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""Seed 002: « vous serez automatiquement dirigé vers la page *Questions secrètes* ».\n'
        "Seed 004: « vous serez automatiquement dirigé vers la page Questions secrètes ».\n"
        "Seed 002: « vous serez dirigé sans délai vers la page Questions secrètes ».\n"
        'Our rule: « a sentence of ours ».\n"""\n'
    )
    found = citations_in(sample)
    assert [c.seeds for c in found] == [("002",), ("004",), ("002",)]
    verdicts = [
        all(any(p in t for n in c.seeds for t in seeds[n]) for p in c.pieces()) for c in found
    ]
    assert verdicts == [True, False, False]
