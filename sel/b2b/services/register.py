"""The writes of the B2B services: registering a person with a family physician and ending it
(form 4058), and a claim for a technical aid (form 4134). Each runs in one transaction with the
call's audit row; the client's environment decides which register it writes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sel.access.models import ServiceCode
from sel.b2b import rules
from sel.b2b.models import AidClaim, B2BClient, InsuredPerson, Physician, Registration, TechnicalAid
from sel.b2b.rules import Refusal
from sel.b2b.selectors import client_practice_numbers
from sel.b2b.services.calls import call_record
from sel.core.rules import RuleViolation


def acting_physician(*, client: B2BClient, practice_number: str) -> Physician:
    """The physician this client acts for; refused unless the practice is linked to it."""
    if not rules.practice_must_be_linked(practice_number, client_practice_numbers(client)):
        raise Refusal("forbidden", rules.PRACTICE_NOT_LINKED)
    physician = Physician.objects.filter(
        environment=client.environment, practice_number=practice_number
    ).first()
    if physician is None:
        raise Refusal("not_found", rules.PHYSICIAN_UNKNOWN)
    return physician


def _person(client: B2BClient, nam: str, *, lock: bool = False) -> InsuredPerson:
    people = InsuredPerson.objects.filter(environment=client.environment, nam=nam)
    person = (people.select_for_update() if lock else people).first()
    if person is None:
        raise Refusal("not_found", rules.NAM_UNKNOWN)
    return person


@transaction.atomic
def registration_create(
    *,
    client: B2BClient,
    practice_number: str,
    nam: str,
    consent_date: date,
    request: HttpRequest | None = None,
) -> tuple[Registration, bool]:
    """Registers the person with the physician (``rules.one_family_physician_at_a_time``): an
    open registration with another physician ends today, marked moved. Registering again with
    the same physician returns the open registration. Returns (registration, created)."""
    errors = rules.consent_date_must_not_be_future(consent_date, timezone.localdate())
    if errors:
        raise RuleViolation({"consent_date": errors})
    physician = acting_physician(client=client, practice_number=practice_number)
    person = _person(client, nam, lock=True)  # one registration change per person at a time
    current = Registration.objects.filter(person=person, ended_on__isnull=True).first()
    if current is not None and current.physician_id == physician.pk:
        call_record(
            client=client,
            service=ServiceCode.B2B_CLIENTELE_REGISTRATION,
            outcome="already_registered",
            status=200,
            nam=nam,
            request=request,
        )
        return current, False
    if current is not None:
        current.ended_on = timezone.localdate()
        current.end_reason = Registration.EndReason.MOVED
        current.save(update_fields=["ended_on", "end_reason"])
    registration = Registration.objects.create(
        person=person, physician=physician, consent_date=consent_date, client=client
    )
    call_record(
        client=client,
        service=ServiceCode.B2B_CLIENTELE_REGISTRATION,
        outcome="moved" if current is not None else "registered",
        status=201,
        nam=nam,
        request=request,
    )
    return registration, True


@transaction.atomic
def registration_end(
    *,
    client: B2BClient,
    practice_number: str,
    public_id: str,
    request: HttpRequest | None = None,
) -> Registration:
    """Ends one of the physician's open registrations today (ending an ended one changes
    nothing). Another physician's registration answers as a missing one."""
    physician = acting_physician(client=client, practice_number=practice_number)
    registration = (
        Registration.objects.select_for_update()
        .select_related("person")
        .filter(physician=physician, public_id=public_id)
        .first()
    )
    if registration is None:
        raise Refusal("not_found", rules.REGISTRATION_UNKNOWN)
    if registration.ended_on is None:
        registration.ended_on = timezone.localdate()
        registration.end_reason = Registration.EndReason.ENDED
        registration.save(update_fields=["ended_on", "end_reason"])
    call_record(
        client=client,
        service=ServiceCode.B2B_CLIENTELE_REGISTRATION,
        outcome="ended",
        status=200,
        nam=registration.person.nam,
        request=request,
    )
    return registration


@transaction.atomic
def claim_submit(
    *,
    client: B2BClient,
    nam: str,
    aid_code: str,
    category: str,
    service_date: date,
    amount: Decimal,
    request: HttpRequest | None = None,
) -> AidClaim:
    """A dispenser's claim for a technical aid (form 4134), received for processing."""
    errors = rules.claim_errors(
        service_date=service_date, amount=amount, today=timezone.localdate()
    )
    aid = TechnicalAid.objects.filter(
        environment=client.environment, code=aid_code, category=category
    ).first()
    if aid is None:
        errors.setdefault("aid_code", []).append(rules.aid_unknown_error())
    if errors:
        raise RuleViolation(errors)
    person = _person(client, nam)
    assert aid is not None
    claim = AidClaim.objects.create(
        environment=client.environment,
        client=client,
        person=person,
        aid=aid,
        service_date=service_date,
        amount=amount,
    )
    call_record(
        client=client,
        service=ServiceCode.B2B_SELAT,
        outcome="submitted",
        status=201,
        nam=nam,
        request=request,
    )
    return claim
