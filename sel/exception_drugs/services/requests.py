"""Every state change of a payment-authorization request: submission, paper recording, decisions,
the prescriber's answer and the renewal reminder. One transaction, one audit event, and the emails
it causes queued in the same transaction (STYLE.md §1)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from sel.accounts.models import Role, User
from sel.audit.events import Action
from sel.audit.services import record
from sel.core.http import absolute_url
from sel.core.rules import decision_lock
from sel.core.storage import stored_together
from sel.core.uploads import stored_file, upload_original_name
from sel.exception_drugs.identity import (
    NO_IDENTITY,
    Identity,
    identity_compared,
)
from sel.exception_drugs.models import (
    OPEN_STATUSES,
    Attachment,
    AttachmentKind,
    Channel,
    Delegation,
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
from sel.exception_drugs.services.insured_persons import insured_person_for_request
from sel.outbox.services import send_email_later

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


def _move(exception_request: ExceptionRequest, *, to: Status, by: User | None) -> None:
    now = timezone.now()
    StatusChange.objects.create(
        request=exception_request,
        from_status=exception_request.status if exception_request.pk else "",
        to_status=to,
        changed_at=now,
        changed_by=by,
    )
    exception_request.status = to
    exception_request.status_changed_at = now


def _attach(
    exception_request: ExceptionRequest,
    files: Iterable[UploadedFile],
    *,
    kind: AttachmentKind,
    by: User,
) -> None:
    """The request's files, all or none: on a full disk (``StorageFull``) the ones already
    stored are removed, and the request's rows roll back with the transaction."""
    with stored_together() as stored:
        for upload in files:
            attachment = Attachment.objects.create(
                request=exception_request,
                kind=kind,
                file=stored_file(upload),
                original_name=upload_original_name(upload.name),
                content_type=upload.content_type or "application/octet-stream",
                size=upload.size or 0,
                uploaded_by=by,
            )
            stored.append(attachment.file)


def _notify_prescriber(exception_request: ExceptionRequest) -> None:
    """The prescriber learns that something changed; the email carries the reference and a link,
    never the NAM, the drug or the decision (no health data by email)."""
    send_email_later(
        to=exception_request.prescriber.email,
        language=exception_request.prescriber.language,
        template="exception_drugs/request_changed",
        context={
            "reference": exception_request.reference,
            "url": absolute_url(
                reverse("exception_drugs:request_detail", args=[exception_request.reference])
            ),
        },
    )


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
    _attach(exception_request, attachments, kind=AttachmentKind.ATTACHMENT, by=prescriber)
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
    _attach(exception_request, [scan], kind=AttachmentKind.SCAN, by=agent)
    record(
        action=Action.EXCEPTION_REQUEST_RECORDED,
        actor=agent,
        target=exception_request,
        request=request,
        subject_key=person.nam,
        details={"channel": str(channel), "identity": _identity_detail(person, identity)},
    )
    _notify_prescriber(exception_request)
    return exception_request


def _agent_decides(
    exception_request: ExceptionRequest,
    *,
    waiting: Collection[str],
    to: Status,
    agent: User,
    action: Action,
    request: HttpRequest | None,
    details: dict[str, Any] | None = None,
    **fields: Any,
) -> ExceptionRequest:
    """One agent step on a request: lock it while it is still ``waiting`` (``DecisionConflict``
    otherwise), move it to ``to``, set ``fields``, audit ``action`` and tell the prescriber."""
    locked = decision_lock(exception_request, waiting=waiting)
    _move(locked, to=to, by=agent)
    if to in (Status.ACCEPTED, Status.REFUSED):
        locked.decided_at = locked.status_changed_at
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save()
    record(action=action, actor=agent, target=locked, request=request, details=details)
    _notify_prescriber(locked)
    return locked


@transaction.atomic
def exception_request_accept(
    *,
    exception_request: ExceptionRequest,
    agent: User,
    authorized_from: date,
    authorized_until: date,
    request: HttpRequest | None = None,
) -> ExceptionRequest:
    """An agent accepts a request for an authorized period."""
    if authorized_until < authorized_from:
        raise ValidationError(_("La fin de la période doit suivre son début."))
    return _agent_decides(
        exception_request,
        waiting=OPEN_STATUSES,
        to=Status.ACCEPTED,
        agent=agent,
        action=Action.EXCEPTION_REQUEST_ACCEPTED,
        request=request,
        details={"from": authorized_from.isoformat(), "until": authorized_until.isoformat()},
        authorized_from=authorized_from,
        authorized_until=authorized_until,
        refusal_reason="",
    )


@transaction.atomic
def exception_request_refuse(
    *,
    exception_request: ExceptionRequest,
    agent: User,
    reason: str,
    request: HttpRequest | None = None,
) -> ExceptionRequest:
    """An agent refuses a request, with a reason."""
    if not reason.strip():
        raise ValidationError(_("Indiquez le motif du refus."))
    return _agent_decides(
        exception_request,
        waiting=OPEN_STATUSES,
        to=Status.REFUSED,
        agent=agent,
        action=Action.EXCEPTION_REQUEST_REFUSED,
        request=request,
        refusal_reason=reason.strip(),
        authorized_from=None,
        authorized_until=None,
    )


@transaction.atomic
def exception_request_ask_information(
    *,
    exception_request: ExceptionRequest,
    agent: User,
    information: str,
    request: HttpRequest | None = None,
) -> ExceptionRequest:
    """An agent cannot decide without more information: the request waits for the prescriber."""
    if not information.strip():
        raise ValidationError(_("Précisez les renseignements demandés."))
    # Information is asked only while the request is being processed: once asked (by another
    # agent, a moment earlier), the request waits for the prescriber.
    return _agent_decides(
        exception_request,
        waiting={Status.IN_PROCESSING},
        to=Status.AWAITING_INFORMATION,
        agent=agent,
        action=Action.EXCEPTION_REQUEST_INFO_ASKED,
        request=request,
        information_requested=information.strip(),
    )


@transaction.atomic
def exception_request_answer(
    *,
    exception_request: ExceptionRequest,
    prescriber: User,
    answer: str,
    attachments: Iterable[UploadedFile] = (),
    request: HttpRequest | None = None,
) -> ExceptionRequest:
    """The prescriber answers the request for information; the request goes back to processing."""
    locked = ExceptionRequest.objects.select_for_update().get(pk=exception_request.pk)
    if locked.prescriber_id != prescriber.pk:
        raise ValidationError(_("Seul le prescripteur de la demande peut y répondre."))
    if locked.status != Status.AWAITING_INFORMATION:
        raise ValidationError(_("Aucun renseignement n'est attendu pour cette demande."))
    if not answer.strip():
        raise ValidationError(_("Écrivez votre réponse."))
    _move(locked, to=Status.IN_PROCESSING, by=prescriber)
    previous = f"{locked.prescriber_answer}\n\n" if locked.prescriber_answer else ""
    locked.prescriber_answer = f"{previous}{answer.strip()}"
    locked.save()
    _attach(locked, attachments, kind=AttachmentKind.ATTACHMENT, by=prescriber)
    record(
        action=Action.EXCEPTION_REQUEST_ANSWERED, actor=prescriber, target=locked, request=request
    )
    return locked


@transaction.atomic
def exception_request_remind(*, exception_request: ExceptionRequest) -> None:
    """30 days before an authorized period ends, the prescriber and the assistants whose
    delegation is in force are reminded. Each gets a link they can use: the prescriber, the
    pre-filled renewal (which only the prescriber may submit); an assistant, the request's page,
    and the email tells them that the prescriber renews it (issue #12 item 13)."""
    locked = ExceptionRequest.objects.select_for_update().get(pk=exception_request.pk)
    if locked.reminder_sent_at is not None:
        return
    send_email_later(
        to=locked.prescriber.email,
        language=locked.prescriber.language,
        template="exception_drugs/renewal_reminder",
        context={
            "reference": locked.reference,
            "url": absolute_url(reverse("exception_drugs:request_renew", args=[locked.reference])),
        },
    )
    assistants = User.objects.filter(
        pk__in=Delegation.objects.in_force()
        .filter(prescriber=locked.prescriber)
        .values("assistant"),
        is_active=True,
    )
    detail_url = absolute_url(reverse("exception_drugs:request_detail", args=[locked.reference]))
    for assistant in assistants:
        send_email_later(
            to=assistant.email,
            language=assistant.language,
            template="exception_drugs/renewal_reminder_assistant",
            context={"reference": locked.reference, "url": detail_url},
        )
    locked.reminder_sent_at = timezone.now()
    locked.save(update_fields=["reminder_sent_at"])
    record(action=Action.EXCEPTION_REQUEST_REMINDED, target=locked)
