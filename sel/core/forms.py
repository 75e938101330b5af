from __future__ import annotations

from typing import Any

from django import forms


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
