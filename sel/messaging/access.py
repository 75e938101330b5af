"""Every protected object of the messaging is fetched here (STYLE.md §1b)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from sel.accounts.models import User
from sel.messaging.models import Attachment, Thread
from sel.messaging.selectors import threads_visible_to


def access_thread_by_id(user: User | AnonymousUser, thread_id: int) -> Thread:
    """The thread if the user may read it. The answer is the same not-found for a thread that does
    not exist and for one that is not theirs."""
    try:
        return (
            threads_visible_to(user)
            .select_related("author", "on_behalf_of", "subject", "team")
            .get(pk=thread_id)
        )
    except Thread.DoesNotExist as exc:
        raise Http404 from exc


def access_attachment_by_id(user: User | AnonymousUser, attachment_id: int) -> Attachment:
    """An attachment is readable exactly when its thread is; otherwise the same not-found."""
    try:
        return Attachment.objects.select_related("message__thread").get(
            pk=attachment_id, message__thread__in=threads_visible_to(user)
        )
    except Attachment.DoesNotExist as exc:
        raise Http404 from exc
