"""Payment requests sent by software (issue #14: « Software can also submit them; reuse the B2B
credentials »), and who may send them: an establishment's *Association* user authorizes a
vendor's client for installations of their scope, and ends it.

A production client's request goes through the establishments' own services: the same rules
(``section_rule_errors``), totals (``line_amount``) and queue as a request typed in the portal
(``payment_request_submit``), with the channel « software ». A training client's goes to the
sandbox (``sel.b2b.sandbox``): the same rules, no row of the establishments' tables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation

from sel.access.models import ServiceCode
from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.services import record
from sel.b2b import rules, sandbox
from sel.b2b.models import (
    B2BClient,
    Environment,
    SandboxPaymentRequest,
    SoftwareAuthorization,
    SoftwarePaymentRequest,
)
from sel.b2b.rules import InBoth, Refusal
from sel.b2b.selectors import client_scopes, installation_authorized_for
from sel.b2b.services.calls import call_record
from sel.core.rules import DecisionConflict, RuleViolation, decision_lock
from sel.establishments.models import Installation, PaymentRequest, Status
from sel.establishments.rules import PaymentRequestSection
from sel.establishments.selectors import (
    association_installations,
    professional_associated_at,
    professional_by_practice_number,
)
from sel.establishments.services.payment_requests import (
    activity_rates_of,
    new_reference,
    payment_request_submit,
    period_claimed_by,
    section_rule_errors,
    section_total,
)

SERVICE = ServiceCode.B2B_PAYMENT_REQUESTS
Errors = dict[str, list[Any]]

# --- an establishment authorizes a vendor's client -----------------------------------------------


@transaction.atomic
def software_authorize(
    *,
    user: User,
    client_id: str,
    installations: list[Installation],
    request: HttpRequest | None = None,
) -> list[SoftwareAuthorization]:
    """The *Association* user authorizes the client ``client_id`` to submit payment requests
    for these installations of their scope (``rules.software_authorization_errors``)."""
    in_scope = {i.pk: i for i in association_installations(user)}
    chosen = [in_scope[i.pk] for i in installations if i.pk in in_scope]
    errors: Errors = {}
    if not chosen:
        errors["installations"] = [
            ValidationError(rules.NO_INSTALLATION_CHOSEN, code="no_installation")
        ]
    client = (
        B2BClient.objects.select_for_update()
        .filter(application__client_id=client_id.strip())
        .first()
        if client_id.strip()
        else None
    )
    already = (
        sorted(
            SoftwareAuthorization.objects.filter(
                client=client, installation__in=chosen, ended_at__isnull=True
            ).values_list("installation__number", flat=True)
        )
        if client is not None
        else []
    )
    errors.update(
        rules.software_authorization_errors(
            client_found=client is not None,
            revoked=client is not None and client.revoked_at is not None,
            training=client is not None and client.environment == Environment.TRAINING,
            has_scope=client is not None and SERVICE in client_scopes(client),
            already_authorized=already,
        )
    )
    if errors:
        raise RuleViolation(errors)
    assert client is not None
    made = [
        SoftwareAuthorization.objects.create(
            client=client, installation=installation, authorized_by=user
        )
        for installation in chosen
    ]
    record(
        action=Action.B2B_SOFTWARE_AUTHORIZED,
        actor=user,
        target=client,
        request=request,
        details={
            "client_id": client.client_id,
            "installations": [installation.number for installation in chosen],
        },
    )
    return made


@transaction.atomic
def software_authorization_end(
    *, user: User, authorization: SoftwareAuthorization, request: HttpRequest | None = None
) -> SoftwareAuthorization:
    """Ends an authorization now: the client's very next call for that installation is
    refused. One already ended loses the race (``DecisionConflict``)."""
    locked = SoftwareAuthorization.objects.select_for_update().get(pk=authorization.pk)
    if locked.ended_at is not None:
        raise ValidationError(rules.AUTHORIZATION_ALREADY_ENDED, code="already_ended")
    locked.ended_at = timezone.now()
    locked.ended_by = user
    locked.save(update_fields=["ended_at", "ended_by"])
    record(
        action=Action.B2B_SOFTWARE_AUTHORIZATION_ENDED,
        actor=user,
        target=locked.client,
        request=request,
        details={"client_id": locked.client.client_id, "installation": locked.installation.number},
    )
    return locked


# --- a client submits a request ------------------------------------------------------------------


@dataclass(frozen=True)
class SentRequest:
    """A request as its client reads it (production or sandbox alike)."""

    reference: str
    environment: str
    practice_number: str
    installation_number: str
    mode: str
    period_start: Any
    period_end: Any
    total: Any
    status: str
    submitted_at: datetime
    decided_by: str
    decided_at: datetime | None
    reason: str


def sent_of_production(link: SoftwarePaymentRequest) -> SentRequest:
    found: PaymentRequest = link.payment_request
    return SentRequest(
        reference=found.reference,
        environment=Environment.PRODUCTION,
        practice_number=found.professional.practice_number,
        installation_number=found.installation.number,
        mode=found.mode,
        period_start=found.period_start,
        period_end=found.period_end,
        total=found.total,
        status=found.status,
        submitted_at=found.submitted_at,
        decided_by=found.decided_by.get_full_name() if found.decided_by else "",
        decided_at=found.decided_at,
        reason=found.reason,
    )


def sent_of_sandbox(found: SandboxPaymentRequest) -> SentRequest:
    return SentRequest(
        reference=found.reference,
        environment=Environment.TRAINING,
        practice_number=found.practice_number,
        installation_number=found.installation_number,
        mode=found.mode,
        period_start=found.period_start,
        period_end=found.period_end,
        total=found.total,
        status=found.status,
        submitted_at=found.submitted_at,
        decided_by=found.decided_by,
        decided_at=found.decided_at,
        reason=found.reason,
    )


def _in_both(compute: Callable[[], Errors]) -> Errors:
    """The rules' errors in French and in English: the establishments' rules format their
    message when called, so they run once in each language (same fields, same order)."""
    texts: dict[str, dict[str, list[tuple[str, str | None]]]] = {}
    for language in ("fr-ca", "en"):
        with translation.override(language):
            texts[language] = {
                field: [(" ".join(error.messages), error.code) for error in errors]
                for field, errors in compute().items()
            }
    both: Errors = {}
    for field, french in texts["fr-ca"].items():
        english = texts["en"].get(field, [])
        both[field] = [
            ValidationError(
                InBoth(  # type: ignore[arg-type]
                    text, english[index][0] if index < len(english) else text
                ),
                code=code,
            )
            for index, (text, code) in enumerate(french)
        ]
    return both


def _api_fields(errors: dict[str, list[Any]], line_errors: dict[int, list[Any]]) -> Errors:
    """The service's field names as the API's body names them (a line: ``lines.<index>``)."""
    merged: Errors = {name: list(items) for name, items in errors.items()}
    for index, items in sorted(line_errors.items()):
        merged[f"lines.{index}"] = list(items)
    return merged


def _production_errors(
    section: PaymentRequestSection,
    installation: Installation,
    professional: User | None,
) -> Errors:
    rates = activity_rates_of(section)
    found: Errors = {}
    found.update(rules.professional_must_be_known(found=professional is not None))
    if professional is not None:
        found.update(
            rules.professional_must_be_associated(
                associated=professional_associated_at(professional, installation)
            )
        )
    errors, line_errors = section_rule_errors(
        section,
        rates,
        installation_found=True,
        claimed_by=lambda: (
            period_claimed_by(section, professional=professional, installation=installation)
            if professional is not None
            else None
        ),
    )
    return {**found, **_api_fields(errors, line_errors)}


def _sandbox_errors(
    client: B2BClient, practice_number: str, section: PaymentRequestSection
) -> Errors:
    rates = activity_rates_of(section)
    found: Errors = {}
    professional = sandbox.PAYMENT_PROFESSIONALS.get(practice_number)
    found.update(rules.professional_must_be_known(found=professional is not None))
    if professional is not None:
        found.update(
            rules.professional_must_be_associated(
                associated=section.installation_number in professional[1]
            )
        )

    def claimed_by() -> str | None:
        claimed: str | None = (
            SandboxPaymentRequest.objects.filter(
                client=client,
                practice_number=practice_number,
                installation_number=section.installation_number,
                status__in=sandbox.PAYMENT_CLAIMING,
                period_start__lte=section.period_end,
                period_end__gte=section.period_start,
            )
            .values_list("reference", flat=True)
            .first()
        )
        return claimed

    errors, line_errors = section_rule_errors(
        section, rates, installation_found=True, claimed_by=claimed_by
    )
    return {**found, **_api_fields(errors, line_errors)}


@transaction.atomic
def payment_request_send(
    *,
    client: B2BClient,
    practice_number: str,
    section: PaymentRequestSection,
    request: HttpRequest | None = None,
) -> SentRequest:
    """A client's payment request for a professional at an installation. Refused (``Refusal``,
    403) for an installation its establishment did not authorize it for; refused field by
    field (``RuleViolation``, in French and English) for an unknown professional, one without an
    association in force there, and every rule of the portal's form. A production request then
    enters the establishments' flow as a portal submission does (channel « software »); a
    training one goes to the sandbox."""
    if client.environment == Environment.TRAINING:
        return _sandbox_send(
            client=client, practice_number=practice_number, section=section, request=request
        )
    installation = Installation.objects.filter(number=section.installation_number).first()
    authorized = installation is not None and installation_authorized_for(client, installation)
    if not rules.installation_must_be_authorized_for_client(authorized=authorized):
        raise Refusal("forbidden", rules.INSTALLATION_NOT_AUTHORIZED)
    assert installation is not None
    professional = professional_by_practice_number(practice_number)
    errors = _in_both(lambda: _production_errors(section, installation, professional))
    if errors:
        raise RuleViolation(errors)
    assert professional is not None
    payment_request = payment_request_submit(
        professional=professional,
        section=section,
        channel=PaymentRequest.Channel.SOFTWARE,
        request=request,
        audit_details={"client_id": client.client_id},
    )
    link = SoftwarePaymentRequest.objects.create(client=client, payment_request=payment_request)
    call_record(client=client, service=SERVICE, outcome="submitted", status=201, request=request)
    return sent_of_production(link)


def _sandbox_send(
    *,
    client: B2BClient,
    practice_number: str,
    section: PaymentRequestSection,
    request: HttpRequest | None,
) -> SentRequest:
    if not rules.installation_must_be_authorized_for_client(
        authorized=section.installation_number in sandbox.PAYMENT_INSTALLATIONS
    ):
        raise Refusal("forbidden", rules.INSTALLATION_NOT_AUTHORIZED)
    errors = _in_both(lambda: _sandbox_errors(client, practice_number, section))
    if errors:
        raise RuleViolation(errors)
    rates = activity_rates_of(section)
    now = timezone.now()
    found = SandboxPaymentRequest.objects.create(
        client=client,
        reference=new_reference(),
        practice_number=practice_number,
        installation_number=section.installation_number,
        mode=section.mode,
        period_start=section.period_start,
        period_end=section.period_end,
        lines=[
            {
                "day": line.day.isoformat(),
                "activity_code": line.activity_code,
                "quantity": str(line.quantity),
            }
            for line in section.lines
        ],
        total=section_total(section, rates),
        # As in production: an association covers it, so it waits at once.
        status=Status.AWAITING,
        submitted_at=now,
        status_changed_at=now,
    )
    call_record(client=client, service=SERVICE, outcome="submitted", status=201, request=request)
    return sent_of_sandbox(found)


# --- the sandbox decides its requests by itself --------------------------------------------------


@transaction.atomic
def sandbox_payment_request_decide(*, found: SandboxPaymentRequest) -> SandboxPaymentRequest:
    """The sandbox's signatory decides a waiting training request
    (``sandbox.payment_decision``)."""
    locked = decision_lock(found, waiting={Status.AWAITING})
    status, reason = sandbox.payment_decision(locked)
    now = timezone.now()
    locked.status = status
    locked.reason = reason
    locked.decided_by = sandbox.PAYMENT_SIGNATORY
    locked.decided_at = now
    locked.status_changed_at = now
    locked.save(update_fields=["status", "reason", "decided_by", "decided_at", "status_changed_at"])
    record(
        action=Action.B2B_SANDBOX_PAYMENT_REQUEST_DECIDED,
        target=locked,
        details={"to": status, "environment": Environment.TRAINING, "by": "sandbox_schedule"},
    )
    return locked


def sandbox_payment_requests_advance(*, now: datetime | None = None) -> int:
    """Decides the training requests that waited ``sandbox.CLAIM_STEP``; returns the count."""
    now = now or timezone.now()
    due = SandboxPaymentRequest.objects.filter(
        status=Status.AWAITING, status_changed_at__lte=now - sandbox.CLAIM_STEP
    ).order_by("status_changed_at", "pk")
    moved = 0
    for found in list(due[:500]):
        try:
            sandbox_payment_request_decide(found=found)
        except DecisionConflict:
            continue
        moved += 1
    return moved
