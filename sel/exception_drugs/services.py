"""Every state change of the exception-drugs service: one transaction, one audit event, and the
emails it causes queued in the same transaction (STYLE.md §1)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from sel.access.models import ServiceCode
from sel.accounts.models import Role, User
from sel.audit.events import Action
from sel.audit.services import record
from sel.core.counters import counter_get, counter_increment
from sel.core.http import absolute_url
from sel.core.rules import decision_lock
from sel.core.uploads import stored_file, upload_original_name
from sel.exception_drugs.identity import (
    IDENTITY_REFUSED_MESSAGE,
    NO_IDENTITY,
    Identity,
    identity_compared,
    identity_disagreements,
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
    RequestKind,
    StatedIdentity,
    Status,
    StatusChange,
)
from sel.exception_drugs.nam import nam_agrees_with_identity, nam_normalise, validate_nam
from sel.exception_drugs.selectors import (
    RequestSummary,
    authorizer_role_linked_to,
    exception_requests_visible_to,
    follows_a_prescriber_by_delegation,
)
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


def _insured_person_for_request(*, nam: str, identity: Identity) -> InsuredPerson:
    """The insured person a request names, checked against the register (identity.py): the NAM
    must agree with the identity typed, and the register, where it knows the person, too. A NAM
    the register does not know gets a row with the NAM alone: a request never writes the
    register's identity."""
    nam = nam_normalise(nam)
    validate_nam(nam)
    nam_agrees_with_identity(
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
    for upload in files:
        Attachment.objects.create(
            request=exception_request,
            kind=kind,
            file=stored_file(upload),
            original_name=upload_original_name(upload.name),
            content_type=upload.content_type or "application/octet-stream",
            size=upload.size or 0,
            uploaded_by=by,
        )


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
    person: InsuredPerson,
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
    if prescriber.role != Role.PRESCRIBER:
        raise ValidationError(_("Seul un prescripteur peut présenter une demande."))
    if indication is not None and indication.drug_id != drug.pk:
        raise ValidationError(_("Cette indication n'est pas reconnue pour ce médicament."))
    if kind == RequestKind.EXCEPTION_DRUG and indication is None and not justification.strip():
        raise ValidationError(_("Indiquez une indication reconnue ou une justification."))
    if kind == RequestKind.EXCEPTIONAL_PATIENT and not justification.strip():
        raise ValidationError(_("La mesure du patient d'exception demande une justification."))
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
    person = _insured_person_for_request(nam=nam, identity=identity)
    exception_request = _create_request(
        person=person,
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
    _state_identity(exception_request, identity)
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
    person = _insured_person_for_request(nam=nam, identity=identity)
    exception_request = _create_request(
        person=person,
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
    _state_identity(exception_request, identity)
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


def _lock_open(exception_request: ExceptionRequest) -> ExceptionRequest:
    """Lock the request row; a request no longer open means another agent decided first
    (``sel.core.rules.DecisionConflict``)."""
    return decision_lock(exception_request, waiting=OPEN_STATUSES)


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
    locked = _lock_open(exception_request)
    _move(locked, to=Status.ACCEPTED, by=agent)
    locked.decided_at = locked.status_changed_at
    locked.authorized_from = authorized_from
    locked.authorized_until = authorized_until
    locked.refusal_reason = ""
    locked.save()
    record(
        action=Action.EXCEPTION_REQUEST_ACCEPTED,
        actor=agent,
        target=locked,
        request=request,
        details={"from": authorized_from.isoformat(), "until": authorized_until.isoformat()},
    )
    _notify_prescriber(locked)
    return locked


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
    locked = _lock_open(exception_request)
    _move(locked, to=Status.REFUSED, by=agent)
    locked.decided_at = locked.status_changed_at
    locked.refusal_reason = reason.strip()
    locked.authorized_from = locked.authorized_until = None
    locked.save()
    record(action=Action.EXCEPTION_REQUEST_REFUSED, actor=agent, target=locked, request=request)
    _notify_prescriber(locked)
    return locked


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
    locked = decision_lock(exception_request, waiting={Status.IN_PROCESSING})
    _move(locked, to=Status.AWAITING_INFORMATION, by=agent)
    locked.information_requested = information.strip()
    locked.save()
    record(action=Action.EXCEPTION_REQUEST_INFO_ASKED, actor=agent, target=locked, request=request)
    _notify_prescriber(locked)
    return locked


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
    delegation is in force are reminded, with a link to a pre-filled renewal."""
    locked = ExceptionRequest.objects.select_for_update().get(pk=exception_request.pk)
    if locked.reminder_sent_at is not None:
        return
    url = absolute_url(reverse("exception_drugs:request_renew", args=[locked.reference]))
    assistants = User.objects.filter(
        pk__in=Delegation.objects.in_force()
        .filter(prescriber=locked.prescriber)
        .values("assistant"),
        is_active=True,
    )
    for recipient in [locked.prescriber, *assistants]:
        send_email_later(
            to=recipient.email,
            language=recipient.language,
            template="exception_drugs/renewal_reminder",
            context={"reference": locked.reference, "url": url},
        )
    locked.reminder_sent_at = timezone.now()
    locked.save(update_fields=["reminder_sent_at"])
    record(action=Action.EXCEPTION_REQUEST_REMINDED, target=locked)


@transaction.atomic
def delegation_create(
    *,
    prescriber: User,
    assistant: User,
    ends_on: date | None = None,
    request: HttpRequest | None = None,
) -> Delegation:
    """Seed 000: a prescriber lets an administrative assistant (or a nurse, seed 001's 4313)
    follow their requests."""
    if prescriber.role != Role.PRESCRIBER:
        raise ValidationError(_("Seul un prescripteur peut déléguer."))
    if not follows_a_prescriber_by_delegation(assistant.role) or not assistant.is_active:
        raise ValidationError(
            _("Ce compte n'est pas celui d'un adjoint administratif ou d'un infirmier.")
        )
    today = timezone.localdate()
    if ends_on is not None and ends_on < today:
        raise ValidationError(_("La date de fin ne peut pas être passée."))
    delegation = Delegation.objects.create(
        prescriber=prescriber, assistant=assistant, starts_on=today, ends_on=ends_on
    )
    record(
        action=Action.DELEGATION_CREATED,
        actor=prescriber,
        target=delegation,
        request=request,
        details={"assistant": assistant.username},
    )
    return delegation


@transaction.atomic
def delegation_from_approval(
    *,
    access_request: Any,
    account: User,
    agent: User | None,
    request: HttpRequest | None = None,
    **_signal: Any,
) -> Delegation | None:
    """The approval of a 4313 request links its user to the professional who authorized it
    (``authorizer_role_linked_to``), found by the practice number of section 3, until the
    grant's end date. Receiver of ``sel.access.signals.access_request_approved``, inside the
    approval's transaction. None when the request opens no exception-drugs access or when no
    active account of that role has that practice number (the audit row says which)."""
    if not access_request.services.filter(code=ServiceCode.EXCEPTION_DRUGS).exists():
        return None
    role = authorizer_role_linked_to(account.role)
    practice_number = access_request.auth_practice_number.strip()
    authorizer = (
        User.objects.filter(role=role, practice_number=practice_number, is_active=True).first()
        if role and practice_number
        else None
    )
    details = {
        "reference": access_request.reference,
        "user": account.username,
        "practice_number": practice_number,
    }
    if authorizer is None:
        record(
            action=Action.DELEGATION_LINKED,
            actor=agent,
            target=account,
            request=request,
            details={**details, "linked": False},
        )
        return None
    today = timezone.localdate()
    pharmacy = access_request.auth_organization_name if role == Role.PHARMACIST else ""
    delegation = (
        Delegation.objects.in_force(today)
        .select_for_update()
        .filter(prescriber=authorizer, assistant=account)
        .first()
    )
    if delegation is None:
        delegation = Delegation(prescriber=authorizer, assistant=account, starts_on=today)
    delegation.ends_on = access_request.valid_until
    delegation.access_request = access_request
    delegation.pharmacy = pharmacy
    delegation.save()
    record(
        action=Action.DELEGATION_LINKED,
        actor=agent,
        target=delegation,
        request=request,
        details={**details, "linked": True, "authorizer": authorizer.username},
    )
    return delegation


def _tell_delegation_ended(delegation: Delegation, *, by: User | None, reason: str = "") -> None:
    """Each side the link ended for is told by email, except the one who ended it."""
    for recipient, other in (
        (delegation.assistant, delegation.prescriber),
        (delegation.prescriber, delegation.assistant),
    ):
        if by is not None and recipient.pk == by.pk:
            continue
        send_email_later(
            to=recipient.email,
            language=recipient.language,
            template="exception_drugs/delegation_ended",
            context={
                "other_name": other.get_full_name(),
                "pharmacy": delegation.pharmacy,
                "reason": reason,
                "url": absolute_url(reverse("exception_drugs:delegations")),
            },
        )


@transaction.atomic
def delegation_end(
    *, delegation: Delegation, by: User, request: HttpRequest | None = None
) -> Delegation:
    """Either side ends a link: the professional who delegated, or the person who works for
    them. The delegate's next request no longer sees anything; the other side is told."""
    locked = (
        Delegation.objects.select_for_update()
        .select_related("prescriber", "assistant")
        .get(pk=delegation.pk)
    )
    if by.pk not in (locked.prescriber_id, locked.assistant_id):
        raise Delegation.DoesNotExist
    if locked.ended_at is None:
        locked.ended_at = timezone.now()
        locked.ended_by = by
        locked.save(update_fields=["ended_at", "ended_by"])
        record(action=Action.DELEGATION_ENDED, actor=by, target=locked, request=request)
        _tell_delegation_ended(locked, by=by)
    return locked


@transaction.atomic
def delegation_end_by_agent(
    *, delegation: Delegation, agent: User, reason: str, request: HttpRequest | None = None
) -> Delegation:
    """A Régie agent ends a link, with a reason (issue #12: links are managed outside the
    console too); both sides are told by email."""
    locked = (
        Delegation.objects.select_for_update()
        .select_related("prescriber", "assistant")
        .get(pk=delegation.pk)
    )
    if locked.ended_at is None:
        locked.ended_at = timezone.now()
        locked.ended_by = agent
        locked.save(update_fields=["ended_at", "ended_by"])
        record(
            action=Action.DELEGATION_ENDED,
            actor=agent,
            target=locked,
            request=request,
            details={"reason": reason[:200]},
        )
        _tell_delegation_ended(locked, by=None, reason=reason)
    return locked
