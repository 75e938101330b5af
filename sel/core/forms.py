from __future__ import annotations

from typing import Any

from django import forms
from django.db import models


class AccessibleFormMixin:
    """Ties each field's help text and errors to it (aria-describedby, aria-invalid), so screen
    readers announce them; templates render a field with ``{{ form.x.as_field_group }}``, whose
    markup is ``sel/core/jinja2/sel/field.html``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._describe_fields()

    def _describe_fields(self) -> None:
        form: forms.BaseForm = self  # type: ignore[assignment]
        for name, field in form.fields.items():
            bound = form[name]
            described = []
            if field.help_text:
                described.append(f"{bound.auto_id}_help")
            # form._errors, not form.errors: validating here, in __init__, would run before a
            # subclass's __init__ could adjust its fields (e.g. a queryset for the user).
            errors = getattr(form, "_errors", None)
            if form.is_bound and errors is not None and name in errors:
                described.append(f"{bound.auto_id}_errors")
                field.widget.attrs["aria-invalid"] = "true"
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self._describe_fields()


# The widest integer a database key holds (SQLite's INTEGER, PostgreSQL's bigint).
KEY_MIN, KEY_MAX = -(2**63), 2**63 - 1


def database_key(value: object) -> int | None:
    """``value`` (typed or posted) as an integer key the database can compare, or None: a wider
    integer makes SQLite raise ``OverflowError`` in a query, a 500 for a hand-edited form."""
    try:
        number = int(str(value).strip())
    except ValueError:
        return None
    return number if KEY_MIN <= number <= KEY_MAX else None


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, answering a key too wide for the database's integer as an invalid choice:
    Django checks each value's type but not its size, and SQLite then raises ``OverflowError`` on
    ``pk__in`` (a 500 for a hand-edited form)."""

    def clean(self, value: Any) -> Any:
        assert self.queryset is not None
        meta = self.queryset.model._meta
        key_field = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        if isinstance(key_field, models.IntegerField):  # AutoField and BigAutoField too
            for pk in value if isinstance(value, list | tuple) else ():
                if database_key(pk) is None and str(pk).strip().lstrip("-").isdigit():
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": pk},
                    )
        return super().clean(value)
