"""Privacy duties of the portal (A-2.1 as amended by Law 25): incident register, access to one's own
data in a structured format, and retention limits."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sel.audit.events import Action
from sel.audit.services import record
from sel.core.appmodules import sel_app_modules
from sel.outbox.models import OutboundEmail
from sel.privacy.models import PrivacyIncident, RetentionRun


@transaction.atomic
def privacy_incident_record(
    *, actor: Any, request: HttpRequest | None = None, **fields: Any
) -> PrivacyIncident:
    """Seed of the duty: A-2.1 s. 63.11 « Un organisme public doit tenir un registre des incidents
    de confidentialité »."""
    incident = PrivacyIncident.objects.create(recorded_by=actor, **fields)
    record(action=Action.PRIVACY_INCIDENT_RECORDED, actor=actor, target=incident, request=request)
    return incident


def personal_data_export(*, user: Any, request: HttpRequest | None = None) -> dict[str, Any]:
    """Everything the portal holds about the person, in a structured format (Law 25's right of
    access and portability). Each app adds its part with ``<app>/privacy.py: export(user)``."""
    data: dict[str, Any] = {"exported_at": timezone.now().isoformat()}
    for module in sel_app_modules("privacy"):
        exporter = getattr(module, "export", None)
        if exporter is not None:
            data.update(exporter(user))
    record(action=Action.PERSONAL_DATA_EXPORTED, actor=user, target=user, request=request)
    return data


def retention_purge() -> RetentionRun:
    """Delete or anonymise what is past its retention period, and record the purge. Each app adds
    its rules with ``<app>/privacy.py: purge_expired(now) -> dict[str, int]``."""
    now = timezone.now()
    purged: dict[str, int] = {}
    with transaction.atomic():
        cutoff = now - timedelta(days=settings.RETENTION_EMAIL_DAYS)
        purged["outbox_emails_anonymised"] = (
            OutboundEmail.objects.filter(created_at__lt=cutoff)
            .exclude(status=OutboundEmail.Status.PENDING)
            .exclude(to="")
            .update(to="", context={}, secret_context={}, subject="")
        )
        purged["expired_sessions_deleted"] = Session.objects.filter(expire_date__lt=now).delete()[0]
        for module in sel_app_modules("privacy"):
            purge = getattr(module, "purge_expired", None)
            if purge is not None:
                purged.update(purge(now))
        run = RetentionRun.objects.create(ran_at=now, purged=purged)
        record(action=Action.RETENTION_PURGED, target=run, details={"purged": purged})
    return run
