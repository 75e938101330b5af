"""What the audit trail holds about a person (Law 25): their own actions. The trail is
append-only and kept (STYLE.md §5): nothing is purged here."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser

from sel.audit.models import AuditEvent

EXPORTED = {"audit.AuditEvent": "activity"}
NOT_EXPORTED: dict[str, str] = {}


def export(user: AbstractUser) -> dict[str, Any]:
    return {
        "activity": [
            {
                "at": event.occurred_at.isoformat(),
                "action": event.action,
                "client_address": event.client_address,
            }
            for event in AuditEvent.objects.filter(actor_id=user.pk).order_by("occurred_at")
        ],
    }
