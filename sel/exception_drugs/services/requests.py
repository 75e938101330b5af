"""The payment-authorization request's creation: submission by the prescriber, recording of a
paper request by an agent, the renewal's pre-filled form, the consultation. One transaction, one
audit event, and the emails it causes queued in the same transaction (STYLE.md §1)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from sel.accounts.models import Role, User
from sel.audit.events import Action
from sel.audit.services import record
from sel.exception_drugs.identity import (
    NO_IDENTITY,
    Identity,
    identity_compared,
)
from sel.exception_drugs.models import (
    AttachmentKind,
    Channel,
    Drug,
    ExceptionRequest,
    Indication,
    InsuredPerson,
    StatedIdentity,
    Status,
    StatusChange,
    request_reason_check,
)
from sel.exception_drugs.nam import nam_normalise
from sel.exception_drugs.selectors import RequestSummary, exception_requests_visible_to
from sel.exception_drugs.services._common import attachments_store, prescriber_notify
from sel.exception_drugs.services.insured_persons import insured_person_for_request

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    """A random reference: knowing one request's number tells nothing about another's."""
    return f"ME{timezone.now():%y}{get_random_string(8, REFERENCE_ALPHABET)}"


def exception_requests_consult(
    *, user: User, nam: str, drug: Drug, request: HttpRequest | None = None
) -> list[RequestSummary]:
    """Seed 001, *Consulter les demandes par personne assurée*: the requests for this NAM and drug
    the user may see; every consultation writes exactly one audit event (who, when, NAM, drug,
    number of results), whatever the result."""
    nam = nam_normalise(nam)
    # One read, then one insert; if the audit row cannot be written, no result is shown.
    results = list(exception_requests_visible_to(user, nam=nam, drug=drug))
    record(
        action=Action.EXCEPTION_REQUESTS_CONSULTED,
        actor=user,
        target=drug,
        request=request,
        subject_key=nam,
        details={"din": drug.din, "results": len(results)},
    )
    return results


def _state_identity(exception_request: ExceptionRequest, identity: Identity) -> None:
    if identity.filled():
        StatedIdentity.objects.create(
            request=exception_request,
            last_name=identity.last_name,
            first_name=identity.first_name,
            birth_date=identity.birth_date,
            sex=identity.sex,
        )


def _identity_detail(person: InsuredPerson, identity: Identity) -> str:
    """For the submission's audit row: whether the register was compared with what was typed."""
    return "agrees" if identity_compared(person, identity) else "not_compared"


def exception_request_renewal_initial(
    *, user: User, previous: ExceptionRequest, request: HttpRequest | None = None
) -> dict[str, Any]:
    """The renewal form pre-filled from ``previous``, a request of ``user``'s own (the caller
    checks): the NAM and the identity that request states, never the register's. Showing them is
    a read of the person's identity, audited as a consultation is (who, when, NAM, which
    fields)."""
    stated = Identity.stated_on(getattr(previous, "stated_identity", None))
    shown = stated.filled()
    record(
        action=Action.INSURED_PERSON_IDENTITY_READ,
        actor=user,
        target=previous,
        request=request,
        subject_key=previous.insured_person.nam,
        details={"fields": ["nam", *shown], "purpose": "renewal"},
    )
    return {
        "nam": previous.insured_person.nam,
        **{name: getattr(stated, name) for name in shown},
        "kind": previous.kind,
        "drug": previous.drug.din,
        "indication_code": previous.indication.code if previous.indication else "",
        "justification": previous.justification,
        "pharmacy": previous.pharmacy,
    }


def _create_request(
    *,
    nam: str,
    identity: Identity,
    drug: Drug,
    prescriber: User,
    kind: str,
    channel: Channel,
    indication: Indication | None,
    justification: str,
    pharmacy: str,
    received_at: Any,
    recorded_by: User | None,
    renewal_of: ExceptionRequest | None,
    by: User,
) -> ExceptionRequest:
    """The request and its first history step, with the identity it states: what both channels
    (online and paper) share."""
    person = insured_person_for_request(nam=nam, identity=identity)
    if prescriber.role != Role.PRESCRIBER:
        raise ValidationError(_("Seul un prescripteur peut présenter une demande."))
    request_reason_check(
        kind=kind, drug_id=drug.pk, indication=indication, justification=justification
    )
    exception_request = ExceptionRequest(
        reference=new_reference(),
        kind=kind,
        insured_person=person,
        drug=drug,
        prescriber=prescriber,
        pharmacy=pharmacy,
        indication=indication,
        justification=justification,
        channel=channel,
        received_at=received_at,
        status=Status.IN_PROCESSING,
        status_changed_at=received_at,
        recorded_by=recorded_by,
        renewal_of=renewal_of,
    )
    exception_request.save()
    StatusChange.objects.create(
        request=exception_request,
        from_status="",
        to_status=Status.IN_PROCESSING,
        changed_at=received_at,
        changed_by=by,
    )
    _state_identity(exception_request, identity)
    return exception_request


@transaction.atomic
def exception_request_submit(
    *,
    prescriber: User,
    nam: str,
    drug: Drug,
    kind: str,
    identity: Identity = NO_IDENTITY,
    indication: Indication | None = None,
    justification: str = "",
    pharmacy: str = "",
    attachments: Iterable[UploadedFile] = (),
    renewal_of: ExceptionRequest | None = None,
    request: HttpRequest | None = None,
) -> ExceptionRequest:
    """A prescriber submits a payment-authorization request online (issue #5) for ``nam``; the
    identity typed stays with the request and never becomes the person's (identity.py)."""
    if renewal_of is not None and renewal_of.prescriber_id != prescriber.pk:
        raise ValidationError(_("Vous ne pouvez renouveler que vos propres demandes."))
    exception_request = _create_request(
        nam=nam,
        identity=identity,
        drug=drug,
        prescriber=prescriber,
        kind=kind,
        channel=Channel.ONLINE,
        indication=indication,
        justification=justification,
        pharmacy=pharmacy,
        received_at=timezone.now(),
        recorded_by=None,
        renewal_of=renewal_of,
        by=prescriber,
    )
    person = exception_request.insured_person
    attachments_store(exception_request, attachments, kind=AttachmentKind.ATTACHMENT, by=prescriber)
    record(
        action=Action.EXCEPTION_REQUEST_SUBMITTED,
        actor=prescriber,
        target=exception_request,
        request=request,
        subject_key=person.nam,
        details={
            "channel": Channel.ONLINE.value,
            "renewal": renewal_of is not None,
            "identity": _identity_detail(person, identity),
        },
    )
    return exception_request


@transaction.atomic
def exception_request_record(
    *,
    agent: User,
    channel: Channel,
    prescriber: User,
    nam: str,
    drug: Drug,
    kind: str,
    received_at: Any,
    scan: UploadedFile,
    identity: Identity = NO_IDENTITY,
    indication: Indication | None = None,
    justification: str = "",
    pharmacy: str = "",
    request: HttpRequest | None = None,
) -> ExceptionRequest:
    """An agent records a request received by fax or mail, with its scan (issue #5); the
    identity transcribed is the prescriber's statement, kept with the request (identity.py)."""
    if channel not in (Channel.FAX, Channel.MAIL):
        raise ValidationError(
            _("Une demande saisie par la Régie arrive par télécopieur ou courrier.")
        )
    exception_request = _create_request(
        nam=nam,
        identity=identity,
        drug=drug,
        prescriber=prescriber,
        kind=kind,
        channel=channel,
        indication=indication,
        justification=justification,
        pharmacy=pharmacy,
        received_at=received_at,
        recorded_by=agent,
        renewal_of=None,
        by=agent,
    )
    person = exception_request.insured_person
    attachments_store(exception_request, [scan], kind=AttachmentKind.SCAN, by=agent)
    record(
        action=Action.EXCEPTION_REQUEST_RECORDED,
        actor=agent,
        target=exception_request,
        request=request,
        subject_key=person.nam,
        details={"channel": str(channel), "identity": _identity_detail(person, identity)},
    )
    prescriber_notify(exception_request)
    return exception_request
