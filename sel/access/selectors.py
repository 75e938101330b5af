from __future__ import annotations

from typing import Any

from django.utils import timezone

from sel.access.models import Grant


def grants_valid_for(user: Any) -> list[Grant]:
    """The account's grants in force today, with their services."""
    if not user.is_authenticated:
        return []
    return list(
        Grant.objects.valid_on(timezone.localdate()).filter(user=user).select_related("service")
    )


def user_has_service(user: Any, service_code: str) -> bool:
    """A grant is what opens a service: valid today, not withdrawn, for an active account."""
    if not user.is_authenticated or not user.is_active:
        return False
    return (
        Grant.objects.valid_on(timezone.localdate())
        .filter(user=user, service__code=service_code, service__is_active=True)
        .exists()
    )
