"""What the outbox holds about a person (Law 25): the emails sent to their addresses (what and
when, never a secret of their context), anonymised once past RETENTION_EMAIL_DAYS."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser

from sel.outbox.models import OutboundEmail

EXPORTED = {"outbox.OutboundEmail": "emails"}
NOT_EXPORTED: dict[str, str] = {}


def export(user: AbstractUser) -> dict[str, Any]:
    addresses = [address for address in (user.email, getattr(user, "alias", None)) if address]
    return {
        "emails": [
            {
                "to": email.to,
                "subject": email.subject,
                "template": email.template,
                "status": email.status,
                "created_at": email.created_at.isoformat(),
                "sent_at": email.sent_at.isoformat() if email.sent_at else None,
            }
            for email in OutboundEmail.objects.filter(to__in=addresses).order_by("created_at")
        ],
    }


def purge_expired(now: datetime) -> dict[str, int]:
    cutoff = now - timedelta(days=settings.RETENTION_EMAIL_DAYS)
    anonymised = (
        OutboundEmail.objects.filter(created_at__lt=cutoff)
        .exclude(status=OutboundEmail.Status.PENDING)
        .exclude(to="")
        .update(to="", context={}, secret_context={}, subject="")
    )
    return {"outbox_emails_anonymised": anonymised}
