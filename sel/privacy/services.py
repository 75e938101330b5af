"""Privacy duties of the portal (A-2.1 as amended by Law 25): incident register, access to one's own
data in a structured format, and retention limits."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.services import record
from sel.core.appmodules import sel_app_modules
from sel.privacy.models import PrivacyIncident, RetentionRun


def privacy_parts() -> list[ModuleType]:
    """Each app's ``privacy.py``: what the app holds about a person. It declares ``EXPORTED``
    (model label -> key of its export) and ``NOT_EXPORTED`` (model label -> why not), and may
    define ``export(user) -> dict`` and ``purge_expired(now) -> dict[str, int]``. This app knows
    no other app's model: it only collects them (tests/privacy/test_coverage.py checks them)."""
    return sel_app_modules("privacy")


@transaction.atomic
def privacy_incident_record(
    *, actor: User, request: HttpRequest | None = None, **fields: Any
) -> PrivacyIncident:
    """Seed of the duty: A-2.1 s. 63.11 « Un organisme public doit tenir un registre des incidents
    de confidentialité »."""
    incident = PrivacyIncident.objects.create(recorded_by=actor, **fields)
    record(action=Action.PRIVACY_INCIDENT_RECORDED, actor=actor, target=incident, request=request)
    return incident


def personal_data_export(*, user: User, request: HttpRequest | None = None) -> dict[str, Any]:
    """Everything the portal holds about the person, in a structured format (Law 25's right of
    access and portability). Each app adds its part with ``<app>/privacy.py: export(user)``."""
    data: dict[str, Any] = {"exported_at": timezone.now().isoformat()}
    for module in privacy_parts():
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
        for module in privacy_parts():
            purge = getattr(module, "purge_expired", None)
            if purge is not None:
                purged.update(purge(now))
        run = RetentionRun.objects.create(ran_at=now, purged=purged)
        record(action=Action.RETENTION_PURGED, target=run, details={"purged": purged})
    return run
