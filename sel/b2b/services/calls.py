"""What every call of the B2B API records: the per-client rate limit (set per environment), the
calls of the month, the client's last use, and one audit row (client, service, NAM, outcome)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from sel.audit.events import Action
from sel.audit.services import record
from sel.b2b.models import B2BClient, Environment
from sel.b2b.selectors import calls_this_month_key
from sel.core.counters import counter_increment
from sel.core.limits import limit_wait

RATE_WINDOW_SECONDS = 60
MONTH_SECONDS = 62 * 24 * 3600
LAST_USED_EVERY = timedelta(minutes=1)


def calls_per_minute(environment: str) -> int:
    """The per-client limit of the environment (``B2B_CALLS_PER_MINUTE_*``)."""
    if environment == Environment.TRAINING:
        return int(settings.B2B_CALLS_PER_MINUTE_TRAINING)
    return int(settings.B2B_CALLS_PER_MINUTE_PRODUCTION)


def call_count(client: B2BClient) -> int:
    """Counts one call of the client; returns the seconds to wait when it is past its limit per
    minute (0: it may go on). The call counts toward the month's either way."""
    wait = limit_wait(
        "b2b-calls",
        str(client.pk),
        limit=calls_per_minute(client.environment),
        window_seconds=RATE_WINDOW_SECONDS,
    )
    counter_increment(calls_this_month_key(client.pk), ttl=MONTH_SECONDS)
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at > LAST_USED_EVERY:
        # At most one write a minute per client: "last used" needs no finer grain.
        B2BClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
    return wait


def call_record(
    *,
    client: B2BClient,
    service: str,
    outcome: str,
    status: int,
    nam: str = "",
    request: HttpRequest | None = None,
) -> None:
    """The one audit row of a call: which client, which service, which NAM (``subject_key``,
    what the privacy export reads) and how it ended."""
    record(
        action=Action.B2B_CALL,
        actor=None,
        target=client,
        request=request,
        subject_key=nam,
        details={
            "client": client.pk,
            "service": service,
            "outcome": outcome,
            "status": status,
            "environment": client.environment,
        },
    )
