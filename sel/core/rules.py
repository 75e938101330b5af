"""Errors a service raises when a business rule refuses its input.

Services check the seeds' rules themselves (each app's ``rules.py``), so that a call without its
form (tests, commands, an API) cannot break one; forms show the same errors on their fields."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError


class RuleViolation(ValidationError):
    """A ``ValidationError`` with one or more errors per field, keyed by the field's name (the
    names the service's input and its form share; ``"__all__"`` for the whole)."""

    def __init__(self, errors: Mapping[str, Sequence[ValidationError]]) -> None:
        by_field = {name: list(found) for name, found in errors.items() if found}
        super().__init__(by_field)
        self.field_errors: dict[str, list[ValidationError]] = by_field

    @property
    def fields(self) -> list[str]:
        """The names of the fields at fault."""
        return list(self.field_errors)
