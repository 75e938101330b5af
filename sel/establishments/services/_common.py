"""What the services share: raising a rule's errors."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError

from sel.core.rules import RuleViolation


def raise_errors(*found: Mapping[str, Sequence[ValidationError]]) -> None:
    """Raise every field's errors of the rules' answers at once, if any."""
    merged: dict[str, list[ValidationError]] = {}
    for errors in found:
        for name, items in errors.items():
            merged.setdefault(name, []).extend(items)
    if any(merged.values()):
        raise RuleViolation(merged)
