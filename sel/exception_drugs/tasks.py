"""Periodic jobs of the exception-drugs service."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from sel.core.periodic import periodic
from sel.exception_drugs.models import ExceptionRequest, Status
from sel.exception_drugs.services import exception_request_remind
from sel.exception_drugs.services.delegations import delegations_expired_close

REMINDER_DAYS_BEFORE_END = 30


@periodic(every=timedelta(hours=6))
def exception_requests_remind_renewals() -> int:
    """30 days before an authorized period ends, remind the prescriber and the delegated
    assistants, once per request (issue #5). Returns how many requests were reminded."""
    today = timezone.localdate()
    due = ExceptionRequest.objects.filter(
        status=Status.ACCEPTED,
        reminder_sent_at__isnull=True,
        authorized_until__gte=today,
        authorized_until__lte=today + timedelta(days=REMINDER_DAYS_BEFORE_END),
    ).only("pk")
    count = 0
    for exception_request in due.iterator(chunk_size=500):
        exception_request_remind(exception_request=exception_request)
        count += 1
    return count


@periodic(every=timedelta(hours=1))
def delegations_close_expired() -> int:
    """Links past their end date end, and both sides are told (``delegations_expired_close``)."""
    return delegations_expired_close()
