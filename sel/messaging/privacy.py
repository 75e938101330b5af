"""What the secure messaging holds about a person (Law 25): the threads they wrote or that an
assistant wrote for them, with every message and file name, as their thread page shows them (the
Régie's replies signed "Régie", without the agent's name); the messages an agent wrote in other
people's threads; and the teams an agent belongs to."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q

from sel.accounts.models import User
from sel.messaging.models import Message, Thread, ThreadState

EXPORTED = {
    "messaging.Thread": "messages",
    "messaging.Message": "messages",
    "messaging.ThreadState": "messages",
    "messaging.Team": "messaging_teams",
}
NOT_EXPORTED: dict[str, str] = {}


def _message_entry(message: Message) -> dict[str, Any]:
    return {
        "from": "Régie" if message.from_regie else message.sender.get_full_name(),
        "at": message.created_at.isoformat(),
        "body": message.body,
        "files": [attachment.original_name for attachment in message.attachments.all()],
    }


def export(user: User) -> dict[str, Any]:
    own = (
        Thread.objects.filter(Q(author=user) | Q(on_behalf_of=user))
        .select_related("subject", "author", "on_behalf_of")
        .prefetch_related("messages__sender", "messages__attachments")
        .order_by("created_at", "pk")
    )
    archived: dict[int, datetime] = {
        state.thread_id: state.archived_at
        for state in ThreadState.objects.filter(user=user, archived_at__isnull=False)
        if state.archived_at is not None
    }
    written_elsewhere = (
        Message.objects.filter(sender=user)
        .exclude(thread__in=own)
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )
    return {
        "messages": {
            "threads": [
                {
                    "title": thread.title,
                    "subject": thread.subject.code,
                    "author": thread.author.get_full_name(),
                    "on_behalf_of": (
                        thread.on_behalf_of.get_full_name() if thread.on_behalf_of else None
                    ),
                    "status": thread.status,
                    "created_at": thread.created_at.isoformat(),
                    "archived_at": (
                        archived[thread.pk].isoformat() if thread.pk in archived else None
                    ),
                    "messages": [_message_entry(message) for message in thread.messages.all()],
                }
                for thread in own
            ],
            "written_in_other_threads": [
                {"thread": message.thread_id, **_message_entry(message)}
                for message in written_elsewhere
            ],
        },
        "messaging_teams": list(
            user.messaging_teams.order_by("code").values_list("code", flat=True)
        ),
    }
