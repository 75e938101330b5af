"""This app's part of the personal-data export: the account itself, its grants, its own actions."""

from __future__ import annotations

from typing import Any

from sel.access.models import Grant
from sel.audit.models import AuditEvent


def export(user: Any) -> dict[str, Any]:
    return {
        "account": {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "role": user.role,
            "practice_number": user.practice_number,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "grants": [
            {
                "service": grant.service.code,
                "valid_from": grant.valid_from.isoformat(),
                "valid_until": grant.valid_until.isoformat() if grant.valid_until else None,
                "revoked_at": grant.revoked_at.isoformat() if grant.revoked_at else None,
            }
            for grant in Grant.objects.filter(user=user).select_related("service")
        ],
        "activity": [
            {
                "at": event.occurred_at.isoformat(),
                "action": event.action,
                "client_address": event.client_address,
            }
            for event in AuditEvent.objects.filter(actor=user).order_by("occurred_at")
        ],
    }
