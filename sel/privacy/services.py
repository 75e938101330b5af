"""Privacy duties of the portal (A-2.1 as amended by Law 25): incident register, access to one's own
data in a structured format, and retention limits."""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation

from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.services import record
from sel.core.appmodules import sel_app_modules
from sel.core.rules import RuleViolation
from sel.privacy.models import PrivacyIncident, RetentionRun
from sel.privacy.rules import InsuredPersonRequest, requester_identity_must_agree


def privacy_parts() -> list[ModuleType]:
    """Each app's ``privacy.py``: what the app holds about a person. It declares ``EXPORTED``
    (model label -> key of its export) and ``NOT_EXPORTED`` (model label -> why not), and may
    define ``export(user) -> dict`` and ``purge_expired(now) -> dict[str, int]``. This app knows
    no other app's model: it only collects them (tests/privacy/test_coverage.py checks them).

    For an insured person's request for access (they have no account), an app whose audit rows
    record reads of a NAM (``subject_key``) defines ``insured_person_reads(nam) -> list[dict]``
    (keys: at, source, reader, client_id, environment, service, outcome; labels in the active
    language; never the content of what was read), and an app with a register of insured
    persons defines ``insured_person_identity(nam, *, last_name, first_name, birth_date) ->
    dict`` (keys: register, compared, disagreeing: field names; ``compared`` empty when the
    register does not know the NAM)."""
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


@dataclass(frozen=True)
class InsuredPersonReads:
    """The answer to an insured person's request: what was checked of the requester's identity,
    and every read of the NAM that an app records, oldest first."""

    asked: InsuredPersonRequest
    checked: list[str]
    reads: list[dict[str, Any]]


def _identity_checked(
    *, agent: User, asked: InsuredPersonRequest, request: HttpRequest | None
) -> list[str]:
    registers = [
        module.insured_person_identity(
            asked.nam,
            last_name=asked.last_name,
            first_name=asked.first_name,
            birth_date=asked.birth_date,
        )
        for module in privacy_parts()
        if hasattr(module, "insured_person_identity")
    ]
    checked, errors = requester_identity_must_agree(asked, registers)
    if errors:
        record(
            action=Action.INSURED_PERSON_IDENTITY_MISMATCH,
            actor=agent,
            request=request,
            subject_key=asked.nam,
            details={**asked.audit_details(), "fields": sorted(errors)},
        )
        raise RuleViolation(errors)
    return checked


def _reads_of(nam: str) -> list[dict[str, Any]]:
    reads = [
        row
        for module in privacy_parts()
        if hasattr(module, "insured_person_reads")
        for row in module.insured_person_reads(nam)
    ]
    return sorted(reads, key=lambda row: row["at"])


def insured_person_reads_search(
    *, agent: User, asked: InsuredPersonRequest, request: HttpRequest | None = None
) -> InsuredPersonReads:
    """The privacy office answers an insured person's request for access (Law 25): once the
    requester's identity agrees with the NAM and the registers (else RuleViolation, audited),
    every read of the NAM that an app records. The search writes one audit row (who, which
    NAM, when, which request)."""
    checked = _identity_checked(agent=agent, asked=asked, request=request)
    reads = _reads_of(asked.nam)
    record(
        action=Action.INSURED_PERSON_READS_SEARCHED,
        actor=agent,
        request=request,
        subject_key=asked.nam,
        details={**asked.audit_details(), "results": len(reads)},
    )
    return InsuredPersonReads(asked=asked, checked=checked, reads=reads)


def insured_person_reads_export(
    *,
    agent: User,
    asked: InsuredPersonRequest,
    file_format: str,
    language: str,
    request: HttpRequest | None = None,
) -> InsuredPersonReads:
    """The same list for the download given to the person, in their language (``language``);
    the identity is checked again (the download's fields come back from the browser) and the
    download writes its own audit row (who, which NAM, when, which request, which format)."""
    # Checked first in the agent's language (a refusal shows on their page), then its words
    # and the reads again in the document's.
    _identity_checked(agent=agent, asked=asked, request=request)
    with translation.override(language):
        checked = _identity_checked(agent=agent, asked=asked, request=request)
        reads = _reads_of(asked.nam)
    record(
        action=Action.INSURED_PERSON_READS_EXPORTED,
        actor=agent,
        request=request,
        subject_key=asked.nam,
        details={
            **asked.audit_details(),
            "format": file_format,
            "language": language,
            "results": len(reads),
        },
    )
    return InsuredPersonReads(asked=asked, checked=checked, reads=reads)
