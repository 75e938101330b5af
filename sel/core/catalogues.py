"""Translation catalogues without GNU gettext (Babel), so a fresh machine needs only Python.

Source strings are French (the portal's first language); each app keeps its English catalogue in
``sel/<app>/locale/en/LC_MESSAGES/django.po``. Templates are turned into gettext calls by Django's
own ``templatize`` and read by Babel's Python extractor.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from django.utils.translation.template import templatize

SEL_DIR = Path(__file__).resolve().parent.parent
TARGET_LANGUAGES = ["en"]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}


def catalogue_dirs() -> list[Path]:
    """One catalogue per app package, plus one for the project's templates (``sel/locale``)."""
    dirs = [p for p in sorted(SEL_DIR.iterdir()) if (p / "apps.py").exists()]
    return [SEL_DIR, *dirs]


def _sources(package: Path) -> Iterator[Path]:
    if package == SEL_DIR:
        yield from sorted((SEL_DIR / "templates").rglob("*.html"))
        yield from sorted((SEL_DIR / "templates").rglob("*.txt"))
        yield from sorted(p for p in SEL_DIR.glob("*.py"))
        return
    for path in sorted(package.rglob("*")):
        if "migrations" in path.parts or not path.is_file():
            continue
        if path.suffix in {".py", ".html", ".txt"}:
            yield path


MsgId = str | tuple[str, ...]


def extract(package: Path) -> dict[tuple[MsgId, str | None], list[str]]:
    """Every translatable string of a package: (msgid or (singular, plural), context) → places."""
    found: dict[tuple[MsgId, str | None], list[str]] = {}
    for path in _sources(package):
        text = path.read_text(encoding="utf-8")
        if path.suffix != ".py":
            text = templatize(text, origin=str(path))
        for lineno, funcname, message, _comments in extract_python(
            io.BytesIO(text.encode("utf-8")), KEYWORDS, [], {}
        ):
            context = None
            if isinstance(message, tuple | list):
                parts = [m for m in message if m is not None]
                if not parts:
                    continue
                if len(message) >= 2 and str(funcname).startswith(("pgettext", "npgettext")):
                    context, parts = message[0], [m for m in message[1:] if m is not None]
                msgid: MsgId = parts[0] if len(parts) == 1 else tuple(parts)
            else:
                msgid = message
            if not msgid:
                continue
            key = (msgid, context)
            found.setdefault(key, []).append(f"{path.relative_to(SEL_DIR.parent)}:{lineno}")
    return found


def po_path(package: Path, language: str) -> Path:
    return package / "locale" / language / "LC_MESSAGES" / "django.po"


def read_catalogue(path: Path, language: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=language, project="SEL")
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def update() -> list[Path]:
    """Add new strings to each English catalogue, keep existing translations, drop unused ones."""
    written = []
    for package in catalogue_dirs():
        strings = extract(package)
        if not strings and not po_path(package, "en").exists():
            continue
        for language in TARGET_LANGUAGES:
            path = po_path(package, language)
            old = read_catalogue(path, language)
            new = Catalog(locale=language, project="SEL", charset="utf-8")
            for (msgid, context), places in sorted(strings.items(), key=lambda i: str(i[0])):
                previous = old.get(msgid, context=context)
                new.add(
                    msgid,
                    string=previous.string
                    if previous
                    else ("", "")
                    if isinstance(msgid, tuple)
                    else "",
                    locations=[(p.rsplit(":", 1)[0], int(p.rsplit(":", 1)[1])) for p in places],
                    context=context,
                    flags=previous.flags if previous else (),
                )
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as handle:
                write_po(handle, new, width=100, omit_header=False, sort_output=True)
            written.append(path)
    return written


def existing_catalogues() -> Iterator[tuple[Path, Catalog]]:
    """Each catalogue file there is (an app without one is skipped), read, with its path."""
    for package in catalogue_dirs():
        for language in TARGET_LANGUAGES:
            path = po_path(package, language)
            if path.exists():
                yield path, read_catalogue(path, language)


def compile_all() -> list[Path]:
    written = []
    for path, catalogue in existing_catalogues():
        mo = path.with_suffix(".mo")
        with mo.open("wb") as handle:
            write_mo(handle, catalogue, use_fuzzy=False)
        written.append(mo)
    return written


def problems() -> list[str]:
    """Strings in the code without an English translation, fuzzy entries, and empty ones."""
    found = []
    for package in catalogue_dirs():
        strings = extract(package)
        for language in TARGET_LANGUAGES:
            path = po_path(package, language)
            catalogue = read_catalogue(path, language)
            for (msgid, context), places in strings.items():
                message = catalogue.get(msgid, context=context)
                if message is None:
                    found.append(f"{places[0]}: {msgid!r} is missing from {path}")
                elif message.fuzzy:
                    found.append(f"{path}: {msgid!r} is fuzzy")
                elif not message.string or (
                    isinstance(message.string, tuple | list) and not all(message.string)
                ):
                    found.append(f"{path}: {msgid!r} has no translation")
    return found


def fill(translations: dict[str, str]) -> int:
    """Set English translations (msgid → text) wherever these msgids are in a catalogue; used by
    developers after ``update``. Returns how many entries changed."""
    changed = 0
    for path, catalogue in existing_catalogues():
        touched = False
        for message in catalogue:
            if not isinstance(message.id, str) or message.id not in translations:
                continue
            if message.string != translations[message.id] or message.fuzzy:
                message.string = translations[message.id]
                message.flags.discard("fuzzy")
                touched = True
                changed += 1
        if touched:
            with path.open("wb") as handle:
                write_po(handle, catalogue, width=100, sort_output=True)
    return changed


if __name__ == "__main__":  # `python -m sel.core.catalogues compile`: no settings needed
    import sys

    if sys.argv[1:] != ["compile"]:
        sys.exit("usage: python -m sel.core.catalogues compile")
    print(f"compiled {len(compile_all())} catalogues")
