"""The portal's one rate limiter: ``limit_exceeded`` counts an attempt on the atomic counters of
``sel.core.counters`` and says whether it is past the limit. Every rate limit uses it: login and
code attempts per address (``sel.accounts.throttle``), PIN registrations per practice number,
status lookups, and the limits below.

A window opens at the first attempt counted and lasts ``window_seconds``; an attempt is counted
before what it guards is checked, so that concurrent attempts cannot slip past the limit.

Limits on what an anonymous visitor can make the portal send: every anonymous form that queues
an email (access requests, a new confirmation link, corrections, *Mot de passe oublié?*) counts
the client address and each recipient, so that the portal is no free relay to strangers' mailboxes.

Recipients are counted per flow (the access forms together, recovery apart) by a keyed hash of
their normalised address: the counters never hold an address in clear, and "Jo+x@Example.org "
counts as "jo@example.org".
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from sel.core.counters import counter_increment, counters_increment, counters_reset
from sel.core.http import client_ip

HOUR = 3600
DAY = 24 * HOUR

LIMIT_MESSAGE = _(
    "Trop de demandes en peu de temps depuis votre adresse ou vers cette adresse électronique. "
    "Rien n'a été transmis; ce que vous avez inscrit est conservé. Réessayez plus tard."
)


def _limit_key(scope: str, key: str) -> str:
    return f"{scope}:limit:{key}"


def limit_exceeded(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Counts this attempt for ``scope`` and ``key``; true once more than ``limit`` attempts were
    counted in the window (opened by the first of them, ``window_seconds`` long)."""
    return counter_increment(_limit_key(scope, key), ttl=window_seconds) > limit


def limit_wait(scope: str, key: str, *, limit: int, window_seconds: int) -> int:
    """As ``limit_exceeded``, for an API's ``Retry-After``: 0 within the limit, else the seconds
    until the window closes (read in the same round trip as the count)."""
    name = _limit_key(scope, key)
    (count,), left = counters_increment(name, ttl=window_seconds, then_seconds_left=name)
    if count <= limit:
        return 0
    return left if left > 0 else window_seconds


def limit_reset(scope: str, key: str) -> None:
    """Forgets the attempts counted for ``scope`` and ``key`` (e.g. after a success)."""
    counters_reset(_limit_key(scope, key))


def email_normalised(address: str) -> str:
    """The mailbox an address reaches: trimmed, case-folded, without a "+tag"."""
    local, _at, domain = address.strip().casefold().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def recipient_key(address: str) -> str:
    """A keyed hash (SECRET_KEY) of the normalised address, for the per-recipient counters."""
    return salted_hmac("sel.core.limits.recipient", email_normalised(address)).hexdigest()[:32]


def address_limit_reached(request: HttpRequest, *, scope: str, per_hour: int) -> bool:
    """Counts this attempt from the client's address; true past ``per_hour`` in the hour."""
    return limit_exceeded(scope, client_ip(request), limit=per_hour, window_seconds=HOUR)


def recipients_limit_reached(*addresses: str, flow: str) -> bool:
    """Counts one email of ``flow`` to each address (once per mailbox); true when any of them has
    passed ``EMAILS_PER_RECIPIENT_PER_DAY`` today. Each flow counts apart, so that flooding the
    access forms with someone's address does not also keep their recovery codes from them."""
    keys = dict.fromkeys(recipient_key(address) for address in addresses if address)
    exceeded = [
        limit_exceeded(
            f"recipient-{flow}",
            key,
            limit=settings.EMAILS_PER_RECIPIENT_PER_DAY,
            window_seconds=DAY,
        )
        for key in keys
    ]
    return any(exceeded)


def access_form_limit_reached(request: HttpRequest, *recipients: str) -> bool:
    """An anonymous access-request form (submission, correction, new link) may go on: the client
    address within ``ACCESS_REQUESTS_PER_ADDRESS_PER_HOUR``, then each recipient within its
    daily limit. A refused address does not use up the recipients' counts."""
    if address_limit_reached(
        request, scope="access-form", per_hour=settings.ACCESS_REQUESTS_PER_ADDRESS_PER_HOUR
    ):
        return True
    return recipients_limit_reached(*recipients, flow="access")
