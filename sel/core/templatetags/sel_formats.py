from __future__ import annotations

from typing import Any

from django import template

from sel.core.formats import money as money_format

register = template.Library()


@register.filter
def money(amount: Any) -> str:
    """``{{ total|money }}``: « 2 381,63 $ », « $2,381.63 »; empty for no amount."""
    if amount is None or amount == "":
        return ""
    return money_format(amount)
