from __future__ import annotations

from datetime import timedelta

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def duration(value: timedelta | None) -> str:
    """« 3 j 4 h » / "3 d 4 h": how long a request stayed in a status."""
    if value is None:
        return ""
    hours = int(value.total_seconds() // 3600)
    return _("%(days)d j %(hours)d h") % {"days": hours // 24, "hours": hours % 24}
