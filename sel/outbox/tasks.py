"""The outbox's background work: one task per email, and the minute's re-queue of the emails
whose retry time has come or whose worker died mid-send (also run when a worker starts)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from sel.core.periodic import periodic
from sel.outbox.delivery import email_deliver, email_next_in_line, first_in_line
from sel.outbox.models import OutboundEmail


@task()
def deliver_email(email_id: int) -> str:
    """Sends one email; once sent, queues its recipient's next one (order of creation)."""
    result = email_deliver(email_id=email_id)
    if result == "sent":
        following = email_next_in_line(email_id=email_id)
        if following is not None:
            deliver_email.enqueue(email_id=following)
    return result


def outbox_requeue_due() -> int:
    """Enqueue a delivery for every pending email whose retry time has come and whose claim, if
    any, has expired (a worker died mid-send)."""
    now = timezone.now()
    due = (
        OutboundEmail.objects.filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
            status=OutboundEmail.Status.PENDING,
            next_attempt_at__lte=now,
        )
        .filter(first_in_line())
        .values_list("pk", flat=True)
    )
    count = 0
    for email_id in due:
        deliver_email.enqueue(email_id=email_id)
        count += 1
    return count


@periodic(every=timedelta(seconds=settings.OUTBOX_REQUEUE_SECONDS), at_start=True)
def requeue_due_emails() -> None:
    outbox_requeue_due()
