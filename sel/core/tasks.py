from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from sel.core.counters import counters_purge_expired
from sel.core.email import email_deliver, outbox_requeue_due
from sel.core.periodic import periodic


@task()
def deliver_email(email_id: int) -> str:
    return email_deliver(email_id=email_id)


@periodic(every=timedelta(minutes=1))
def requeue_due_emails() -> None:
    outbox_requeue_due()


@periodic(every=timedelta(hours=1))
def purge_expired_counters() -> None:
    counters_purge_expired()
