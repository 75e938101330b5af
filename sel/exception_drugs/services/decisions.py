"""The Régie's decisions on a payment-authorization request (accept, refuse, ask for information),
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
from django.utils.translation import gettext as _

from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.services import record
from sel.core.http import absolute_url
from sel.core.rules import decision_lock
from sel.exception_drugs.models import (
    OPEN_STATUSES,
    AttachmentKind,
    Delegation,
    ExceptionRequest,
    Status,
)
from sel.exception_drugs.services._common import attachments_store, prescriber_notify, status_move
from sel.outbox.services import send_email_later


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
    status_move(locked, to=to, by=agent)
    if to in (Status.ACCEPTED, Status.REFUSED):
        locked.decided_at = locked.status_changed_at
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save()
    record(action=action, actor=agent, target=locked, request=request, details=details)
    prescriber_notify(locked)
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
    status_move(locked, to=Status.IN_PROCESSING, by=prescriber)
    previous = f"{locked.prescriber_answer}\n\n" if locked.prescriber_answer else ""
    locked.prescriber_answer = f"{previous}{answer.strip()}"
    locked.save()
    attachments_store(locked, attachments, kind=AttachmentKind.ATTACHMENT, by=prescriber)
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
