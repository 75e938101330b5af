"""The outbox's background work: one task per email, and the minute's re-queue of the emails
whose retry time has come or whose worker died mid-send (also run when a worker starts)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from sel.core.periodic import periodic
from sel.outbox.delivery import email_deliver
from sel.outbox.models import OutboundEmail


@task()
def deliver_email(email_id: int) -> str:
    return email_deliver(email_id=email_id)


def outbox_requeue_due() -> int:
    """Enqueue a delivery for every pending email whose retry time has come and whose claim, if
    any, has expired (a worker died mid-send)."""
    now = timezone.now()
    due = OutboundEmail.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        status=OutboundEmail.Status.PENDING,
        next_attempt_at__lte=now,
    ).values_list("pk", flat=True)
    count = 0
    for email_id in due:
        deliver_email.enqueue(email_id=email_id)
        count += 1
    return count


@periodic(every=timedelta(minutes=1), at_start=True)
def requeue_due_emails() -> None:
    outbox_requeue_due()
