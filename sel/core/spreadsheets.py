"""Files that people open in a spreadsheet (CSV exports)."""

from __future__ import annotations

# OWASP, « CSV Injection »: a cell starting with one of these is run as a formula by spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell_safe(value: str) -> str:
    """A cell a spreadsheet would run as a formula starts with a quote (CSV injection)."""
    return "'" + value if value[:1] in FORMULA_STARTS else value
