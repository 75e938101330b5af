"""Insured persons as requests name them: the NAM and the identity typed, checked against the
Régie's register (identity.py), and the register's identity shown to the agent who processes a
request. A request never writes the register."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.services import record
from sel.core.counters import counter_get, counter_increment
from sel.exception_drugs.identity import (
    IDENTITY_REFUSED_MESSAGE,
    Identity,
    identity_disagreements,
)
from sel.exception_drugs.models import ExceptionRequest, InsuredPerson
from sel.exception_drugs.nam import nam_agrees_with_identity, nam_normalise


def insured_person_for_request(*, nam: str, identity: Identity) -> InsuredPerson:
    """The insured person a request names, checked against the register (identity.py): the NAM
    must agree with the identity typed, and the register, where it knows the person, too. A NAM
    the register does not know gets a row with the NAM alone: a request never writes the
    register's identity."""
    nam = nam_normalise(nam)
    nam_agrees_with_identity(  # validates the NAM's structure first
        nam,
        last_name=identity.last_name,
        first_name=identity.first_name,
        birth_date=identity.birth_date,
        sex=identity.sex,
    )
    person, _created = InsuredPerson.objects.get_or_create(nam=nam)
    if identity_disagreements(person, identity):
        raise ValidationError(IDENTITY_REFUSED_MESSAGE, code="identity_refused")
    return person


@transaction.atomic
def insured_person_identity_check(
    *, actor: User, nam: str, identity: Identity, request: HttpRequest | None = None
) -> bool:
    """Whether the identity typed with ``nam`` may go with a request: false when the register
    knows the person and contradicts it. Each refusal tells the typist one thing about the
    register, so it is audited (who, when, NAM, which parts) and counted: past
    ``IDENTITY_REFUSALS_PER_DAY`` refusals in 24 hours, every check of this actor raises a
    ValidationError instead. The caller refuses the request with ``IDENTITY_REFUSED_MESSAGE``
    only, which names no stored value. Nothing else is written."""
    nam = nam_normalise(nam)
    refusals = f"identity:refusals:{actor.pk}"
    if counter_get(refusals) >= settings.IDENTITY_REFUSALS_PER_DAY:
        record(
            action=Action.INSURED_PERSON_IDENTITY_REFUSED,
            actor=actor,
            request=request,
            subject_key=nam,
            details={"fields": [], "reason": "too_many_refusals"},
        )
        raise ValidationError(
            _(
                "Trop d'identités refusées aujourd'hui : la vérification est suspendue pour "
                "24 heures. Joignez le Centre d'assistance aux professionnels si vous devez "
                "transmettre cette demande."
            ),
            code="identity_refusals_exhausted",
        )
    person = InsuredPerson.objects.filter(nam=nam).first()
    disagreeing = identity_disagreements(person, identity) if person is not None else []
    if disagreeing:
        # Each refusal tells one thing about the register: a day's refusals are capped.
        counter_increment(refusals, ttl=24 * 3600)
        record(
            action=Action.INSURED_PERSON_IDENTITY_REFUSED,
            actor=actor,
            request=request,
            subject_key=nam,
            details={"fields": disagreeing},
        )
    return not disagreeing


def insured_person_identity_require(
    *, actor: User, nam: str, identity: Identity, request: HttpRequest | None = None
) -> None:
    """``insured_person_identity_check`` for a form about to create a request: a refusal raises
    the one ValidationError it may show (``IDENTITY_REFUSED_MESSAGE``, naming no stored value)."""
    if not insured_person_identity_check(actor=actor, nam=nam, identity=identity, request=request):
        raise ValidationError(IDENTITY_REFUSED_MESSAGE, code="identity_refused")


def exception_request_identities_for_agent(
    *, agent: User, exception_request: ExceptionRequest, request: HttpRequest | None = None
) -> tuple[Identity, Identity]:
    """For the agent who processes ``exception_request`` (the caller checks): the identity the
    request states and the register's, side by side, so the agent can check one against the
    other. A read of the person's identity, audited as a consultation is."""
    person = exception_request.insured_person
    stated = Identity.stated_on(getattr(exception_request, "stated_identity", None))
    register = Identity(
        last_name=person.last_name,
        first_name=person.first_name,
        birth_date=person.birth_date,
        sex=person.sex,
    )
    record(
        action=Action.INSURED_PERSON_IDENTITY_READ,
        actor=agent,
        target=exception_request,
        request=request,
        subject_key=person.nam,
        details={
            "fields": ["nam", *sorted(set(stated.filled()) | set(register.filled()))],
            "purpose": "processing",
        },
    )
    return stated, register
