"""Template tags that print the Centre d'assistance's lines from ``sel.notices.contacts``, so that
no template writes a number or an hour itself."""

from __future__ import annotations

from typing import Any

from django import template

from sel.notices import contacts

register = template.Library()


@register.inclusion_tag("notices/_support_lines.html")
def support_lines(heading_level: int = 2) -> dict[str, Any]:
    """Both lines of seed 002's table, each with its numbers and hours, and the online services'
    email and option 1."""
    return {
        "lines": contacts.support_lines(),
        "email": contacts.ONLINE_SERVICES_EMAIL,
        "identity_note": contacts.IDENTITY_NOTE,
        "heading": f"h{min(max(heading_level, 2), 6)}",
    }


@register.simple_tag
def support_lines_text() -> str:
    """For text emails (rendered with autoescape off)."""
    return contacts.support_lines_as_text()
