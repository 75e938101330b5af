"""Every change in the secure messaging: each in one transaction, audited, and announcing new
messages by email without their content."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sel.accounts.models import Role, User
from sel.audit.events import Action
from sel.audit.services import record
from sel.core.http import absolute_url
from sel.core.storage import stored_together
from sel.messaging.attachments import CheckedUpload, attachments_within_storage_quota
from sel.messaging.models import Attachment, Message, Status, Subject, Thread, ThreadState
from sel.messaging.selectors import (
    is_messaging_agent,
    is_participant,
    prescribers_assisted_by,
    reads_as_agent,
    team_agents,
)
from sel.outbox.services import send_email_later


def on_behalf_of_allowed(*, author: User, prescriber: User | None) -> None:
    """Seed 000: an administrative assistant « travaillant auprès d'un prescripteur autorisé »
    may write for that prescriber, who then reads the thread too; nobody else can add a reader."""
    if prescriber is None:
        return
    if (
        author.role != Role.ADMIN_ASSISTANT
        or not prescribers_assisted_by(author).filter(pk=prescriber.pk).exists()
    ):
        raise ValidationError(
            _("Vous ne pouvez écrire que pour un prescripteur auprès duquel vous travaillez."),
            code="not_assistant",
        )


def _quota_check(sender: User, files: Sequence[CheckedUpload], *, from_regie: bool) -> None:
    """Locks the sender's row first: two uploads at once are counted one after the other."""
    if files:
        User.objects.select_for_update().filter(pk=sender.pk).first()
    attachments_within_storage_quota(sender=sender, files=files, from_regie=from_regie)


def _store_attachments(message: Message, files: Sequence[CheckedUpload]) -> list[Attachment]:
    attachments: list[Attachment] = []
    with stored_together() as stored:
        for checked in files:
            attachment = Attachment.objects.create(
                message=message,
                file=checked.file(),
                original_name=checked.original_name,
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
            )
            stored.append(attachment.file)
            attachments.append(attachment)
    return attachments


def _mark_read(thread: Thread, user: User, when: Any) -> None:
    ThreadState.objects.update_or_create(thread=thread, user=user, defaults={"last_read_at": when})


def _announce_to_professionals(thread: Thread) -> None:
    """Seed 002 « sécurisées »: the email says a message is waiting, never what it says."""
    for user in thread.participants():
        send_email_later(
            to=user.email,
            language=user.language,
            template="messaging/new_message",
            context={"inbox_url": absolute_url(reverse("messaging:inbox"))},
        )


def _announce_to_team(thread: Thread) -> None:
    for agent in team_agents(thread):
        with translation.override(agent.language):
            team = thread.team.name
        send_email_later(
            to=agent.email,
            language=agent.language,
            template="messaging/new_message_for_team",
            context={"queue_url": absolute_url(reverse("messaging:queue")), "team": team},
        )


def _thread_start(
    *,
    sender: User,
    from_regie: bool,
    body: str,
    files: Sequence[CheckedUpload],
    subject: Subject,
    **thread_fields: Any,
) -> tuple[Thread, list[Attachment]]:
    """A new thread of ``subject``'s team, its first message with its attachments (within the
    sender's quota), read by its sender."""
    _quota_check(sender, files, from_regie=from_regie)
    now = timezone.now()
    thread = Thread.objects.create(
        subject=subject, team=subject.team, created_at=now, last_message_at=now, **thread_fields
    )
    message = Message.objects.create(
        thread=thread, sender=sender, from_regie=from_regie, body=body, created_at=now
    )
    attachments = _store_attachments(message, files)
    _mark_read(thread, sender, now)
    return thread, attachments


@transaction.atomic
def thread_open(
    *,
    author: User,
    subject: Subject,
    title: str,
    body: str,
    files: Sequence[CheckedUpload] = (),
    on_behalf_of: User | None = None,
    request: HttpRequest | None = None,
) -> Thread:
    """A professional writes to the Régie; the subject picks the team that answers. Attachments
    beyond the author's storage quota are refused (ValidationError ``storage_quota``)."""
    if is_messaging_agent(author) or not author.is_active:
        raise PermissionDenied
    on_behalf_of_allowed(author=author, prescriber=on_behalf_of)
    thread, attachments = _thread_start(
        sender=author,
        from_regie=False,
        body=body,
        files=files,
        author=author,
        on_behalf_of=on_behalf_of,
        subject=subject,
        title=title,
    )
    record(
        action=Action.MESSAGE_THREAD_OPENED,
        actor=author,
        target=thread,
        request=request,
        details={
            "subject": subject.code,
            "team": thread.team.code,
            "attachments": len(attachments),
            "on_behalf_of": on_behalf_of.pk if on_behalf_of else None,
        },
    )
    _announce_to_team(thread)
    return thread


def agent_may_open_thread_with(*, agent: User, professional: User, subject: Subject) -> None:
    """Seed 002: « Communications bidirectionnelles sécurisées »: the Régie writes first too. The
    writer is a messaging agent of the subject's team (the team that will read the answers); the
    reader is an active professional's account, never another agent's (rule of ours)."""
    if not is_messaging_agent(agent) or not agent.is_active:
        raise PermissionDenied
    if not agent.messaging_teams.filter(pk=subject.team_id).exists():
        raise ValidationError(
            _("Choisissez un objet traité par une de vos équipes."), code="not_your_team"
        )
    if not professional.is_active or professional.role == Role.AGENT or professional.is_staff:
        raise ValidationError(
            _("Ce compte n'est pas celui d'un professionnel actif."), code="not_professional"
        )


def _announce_new_thread_to_professional(thread: Thread) -> None:
    """Seed 002 « sécurisées »: the email says the Régie wrote, never what it wrote."""
    for user in thread.participants():
        send_email_later(
            to=user.email,
            language=user.language,
            template="messaging/new_thread_from_regie",
            context={
                "thread_url": absolute_url(reverse("messaging:thread", args=[thread.pk])),
            },
        )


@transaction.atomic
def thread_open_by_agent(
    *,
    agent: User,
    professional: User,
    subject: Subject,
    title: str,
    body: str,
    files: Sequence[CheckedUpload] = (),
    request: HttpRequest | None = None,
) -> Thread:
    """A Régie agent opens a thread with a professional. The professional is the thread's author
    (its reader on the professionals' side: inbox, answers, archive); the first message is the
    agent's, so the thread starts answered and waits for the professional. The subject's team reads
    the professional's answers. The professional is told by email without the content."""
    agent_may_open_thread_with(agent=agent, professional=professional, subject=subject)
    thread, attachments = _thread_start(
        sender=agent,
        from_regie=True,
        body=body,
        files=files,
        author=professional,
        subject=subject,
        title=title,
        status=Status.ANSWERED,
    )
    record(
        action=Action.MESSAGE_THREAD_OPENED_BY_AGENT,
        actor=agent,
        target=thread,
        request=request,
        details={
            "professional": professional.pk,
            "subject": subject.code,
            "team": thread.team.code,
            "attachments": len(attachments),
        },
    )
    _announce_new_thread_to_professional(thread)
    return thread


@transaction.atomic
def message_send(
    *,
    thread: Thread,
    sender: User,
    body: str,
    files: Sequence[CheckedUpload] = (),
    request: HttpRequest | None = None,
) -> Message:
    """A reply in a thread: from an agent of its team (the thread is then answered) or from one of
    its professionals (the thread waits for the Régie again, even if it was closed). A
    professional's attachments beyond their storage quota are refused (``storage_quota``)."""
    thread = Thread.objects.select_for_update().select_related("team").get(pk=thread.pk)
    from_regie = reads_as_agent(sender, thread)
    if not from_regie and not is_participant(sender, thread):
        raise PermissionDenied
    if from_regie and not sender.messaging_teams.filter(pk=thread.team_id).exists():
        raise PermissionDenied
    _quota_check(sender, files, from_regie=from_regie)
    now = timezone.now()
    message = Message.objects.create(
        thread=thread, sender=sender, from_regie=from_regie, body=body, created_at=now
    )
    attachments = _store_attachments(message, files)
    thread.last_message_at = now
    thread.status = Status.ANSWERED if from_regie else Status.AWAITING_REGIE
    thread.closed_at = None
    thread.closed_by = None
    thread.save(update_fields=["last_message_at", "status", "closed_at", "closed_by"])
    _mark_read(thread, sender, now)
    record(
        action=Action.MESSAGE_SENT,
        actor=sender,
        target=thread,
        request=request,
        details={"message": message.pk, "from_regie": from_regie, "attachments": len(attachments)},
    )
    if from_regie:
        _announce_to_professionals(thread)
    else:
        _announce_to_team(thread)
    return message


@transaction.atomic
def thread_close(*, thread: Thread, agent: User, request: HttpRequest | None = None) -> Thread:
    """An agent of the team closes the thread once it is dealt with."""
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if not reads_as_agent(agent, thread):
        raise PermissionDenied
    if thread.status != Status.CLOSED:
        thread.status = Status.CLOSED
        thread.closed_at = timezone.now()
        thread.closed_by = agent
        thread.save(update_fields=["status", "closed_at", "closed_by"])
        record(action=Action.MESSAGE_THREAD_CLOSED, actor=agent, target=thread, request=request)
    return thread


def _set_archived(thread: Thread, user: User, archived: bool) -> None:
    if not is_participant(user, thread):
        raise PermissionDenied
    state, _created = ThreadState.objects.select_for_update().get_or_create(
        thread=thread, user=user
    )
    state.archived_at = timezone.now() if archived else None
    state.save(update_fields=["archived_at"])


@transaction.atomic
def thread_archive(*, thread: Thread, user: User, request: HttpRequest | None = None) -> None:
    """Messages are never deleted, only archived, for the one who archives them."""
    _set_archived(thread, user, True)
    record(action=Action.MESSAGE_THREAD_ARCHIVED, actor=user, target=thread, request=request)


@transaction.atomic
def thread_restore(*, thread: Thread, user: User, request: HttpRequest | None = None) -> None:
    """An archived thread comes back to the inbox."""
    _set_archived(thread, user, False)
    record(action=Action.MESSAGE_THREAD_RESTORED, actor=user, target=thread, request=request)


@transaction.atomic
def thread_mark_read(*, thread: Thread, user: User, request: HttpRequest | None = None) -> None:
    """The reader has seen every message so far. An agent's read is audited each time."""
    _mark_read(thread, user, timezone.now())
    if reads_as_agent(user, thread):
        record(
            action=Action.MESSAGE_READ_BY_AGENT,
            actor=user,
            target=thread,
            request=request,
            details={"team": thread.team.code},
        )


@transaction.atomic
def attachment_mark_read(
    *, attachment: Attachment, user: User, request: HttpRequest | None = None
) -> None:
    """An agent opening an attachment is a read of the thread, audited like one."""
    if reads_as_agent(user, attachment.message.thread):
        record(
            action=Action.MESSAGE_ATTACHMENT_READ_BY_AGENT,
            actor=user,
            target=attachment,
            request=request,
            details={"thread": attachment.message.thread_id},
        )
