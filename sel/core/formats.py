"""Amounts as the reader's language writes them."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import get_language


def money(amount: Decimal | int | float | str) -> str:
    """Dollars with their cents and thousands: « 2 381,63 $ » in French (non-breaking spaces),
    « $2,381.63 » in English."""
    number = number_format(Decimal(amount), 2, force_grouping=True)
    if (get_language() or "").startswith("en"):
        return f"${number}"
    return f"{number}\xa0$"
