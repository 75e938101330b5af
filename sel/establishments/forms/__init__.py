"""Forms by audience: professional.py (payment requests), establishment.py (the *Association*
and *Autorisation* applications), agent.py (the Régie's register, reads and imports)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def date_field(label: Any, *, required: bool = True, help_text: bool = True) -> forms.DateField:
    """A date typed as AAAA-MM-JJ (DESIGN.md §4), with the browser's date picker."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=_("AAAA-MM-JJ") if help_text else "",
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def rule_errors_show(form: forms.Form, errors: dict[str, list[ValidationError]]) -> None:
    """A service's rule errors on the form's fields of the same name, else on the whole form."""
    for name, found in errors.items():
        form.add_error(name if name in form.fields else None, found)
