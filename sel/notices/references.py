"""References between newsletters (« infolettre 203 du 2 décembre 2015 ») become links."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from sel.notices.models import Newsletter

FRENCH_MONTHS = {
    "janvier": 1,
    "février": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
}
ENGLISH_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}

FRENCH_REFERENCE = re.compile(
    r"infolettre\s+(?P<number>\d{3})"
    r"(?:\s+du\s+(?P<day>\d{1,2})(?:er)?\s+(?P<month>" + "|".join(FRENCH_MONTHS) + r")"
    r"\s+(?P<year>\d{4}))?",
    re.IGNORECASE,
)
ENGLISH_REFERENCE = re.compile(
    r"newsletter\s+(?P<number>\d{3})"
    r"(?:\s+of\s+(?P<month>" + "|".join(ENGLISH_MONTHS) + r")\s+(?P<day>\d{1,2}),\s+"
    r"(?P<year>\d{4}))?",
    re.IGNORECASE,
)


def reference_date(match: re.Match[str]) -> date | None:
    """The date a reference gives, if it gives one (and it exists)."""
    if not match.group("year"):
        return None
    month_name = match.group("month").lower()
    month = FRENCH_MONTHS.get(month_name) or ENGLISH_MONTHS[month_name]
    try:
        return date(int(match.group("year")), month, int(match.group("day")))
    except ValueError:
        return None


def newsletter_reference_target(
    candidates: Iterable[Newsletter], *, number: str, issued_on: date | None
) -> Newsletter | None:
    """Seed 001: « Dans l'infolettre 203 du 2 décembre 2015, la Régie vous informait [...] et dans
    l'infolettre 045 du 2 juin 2015, de la procédure en cas d'oubli du mot de passe ».

    A reference with a date names exactly one newsletter (numbers start again over the years);
    without a date, it names the most recent published newsletter with that number. A reference
    to a newsletter that is not (or not yet) on the portal stays plain text."""
    matching = [n for n in candidates if n.number == number and n.is_published]
    if issued_on is not None:
        matching = [n for n in matching if n.issued_on == issued_on]
    if not matching:
        return None
    return max(matching, key=lambda n: (n.issued_on or date.min, n.pk))


REFERENCE_PATTERNS = (FRENCH_REFERENCE, ENGLISH_REFERENCE)
