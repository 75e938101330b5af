"""Throttling and lockout counters, kept by ``sel.core.counters`` (Redis when REDIS_URL is set,
else a database table): atomic, shared by every server process, each with its own lifetime.

- Per account and client address: after 5 consecutive failures, a wait of 15 minutes that doubles
  on each further failure, up to 24 h.
- Per account, whatever the client: 100 consecutive failures lock the account until a support agent
  unlocks it or the user recovers it (NIST SP 800-63B's cap).
- Per client address: at most 20 login attempts a minute, across accounts (password spraying).
- Recovery: 3 failures lock recovery for 24 h.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings

from sel.core.counters import (
    counter_get,
    counter_increment,
    counters_increment,
    counters_reset,
    mark_claim,
    seconds_left,
)
from sel.core.limits import limit_exceeded

FAILURES_BEFORE_WAIT = 5
FIRST_WAIT_SECONDS = 15 * 60
MAX_WAIT_SECONDS = 24 * 3600
FAILURES_BEFORE_LOCK = 100
RECOVERY_FAILURES_BEFORE_LOCK = 3
RECOVERY_LOCK_SECONDS = 24 * 3600
CODE_ATTEMPTS_PER_ADDRESS_PER_HOUR = 30
COUNTER_TTL = 30 * 24 * 3600


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def account_key(identifier: str, user_pk: int | None) -> str:
    """Known accounts are counted by id (so alias and IP/CE share one count); unknown names by
    their normalised text, so they behave exactly like known ones."""
    return f"u{user_pk}" if user_pk is not None else f"n{_digest(identifier.strip().casefold())}"


def _increment(key: str, ttl: int | None = COUNTER_TTL, by: int = 1) -> int:
    return counter_increment(key, ttl=ttl, by=by)


def wait_after(failures: int) -> int:
    """15 minutes after the 5th consecutive failure, doubling on each further one, up to 24 h."""
    if failures < FAILURES_BEFORE_WAIT:
        return 0
    return int(min(FIRST_WAIT_SECONDS * 2 ** (failures - FAILURES_BEFORE_WAIT), MAX_WAIT_SECONDS))


@dataclass(frozen=True)
class FailureOutcome:
    wait_seconds: int
    wait_started: bool  # this failure started a wait (the user is emailed)
    account_locked: bool  # this failure reached the cap of 100 (the account is locked)


@dataclass(frozen=True)
class Attempt:
    """One try of a secret (password, second-factor code) for an account from an address,
    counted as a failure before the secret is checked, so that concurrent tries cannot slip
    between the check and the count. ``allowed`` is false while a wait applies: the secret is
    then checked all the same (same work) but never accepted."""

    key: str
    address: str
    failures: int  # consecutive failures of this account from this address, this try included
    total: int  # consecutive failures of this account from anywhere, this try included
    claimed: bool  # this try started the wait its failure would earn (undone if it was right)
    allowed: bool


def _pair(key: str, address: str) -> str:
    return f"login:fail:{key}:{address}"


def _until(key: str, address: str) -> str:
    return f"login:until:{key}:{address}"


def _total(key: str) -> str:
    return f"login:total:{key}"


def login_wait_seconds(key: str, address: str) -> int:
    return max(0, seconds_left(_until(key, address)))


def attempt_begin(key: str, address: str) -> Attempt:
    """Counts this try, then decides whether it may succeed. The first four tries are free; from
    the fifth on, each try must start the wait its failure would earn, and only one try can
    start it once the previous wait has ended (an atomic claim)."""
    # Both counts and the wait in force, in one transaction (one round trip to Redis).
    (failures, total), wait = counters_increment(
        _pair(key, address), _total(key), ttl=COUNTER_TTL, then_seconds_left=_until(key, address)
    )
    claimed = False
    if failures >= FAILURES_BEFORE_WAIT:
        claimed = mark_claim(_until(key, address), seconds=wait_after(failures))
        allowed = claimed
    else:
        allowed = max(0, wait) == 0
    return Attempt(key, address, failures, total, claimed, allowed)


def attempt_failed(attempt: Attempt) -> FailureOutcome:
    """The secret was wrong, or refused unheard during a wait: the count stays. The wait in force
    is the one a try claimed (``attempt_begin``); a refused try does not lengthen it but makes the
    next one longer, so a right and a wrong guess during a wait get the same answer."""
    return FailureOutcome(
        wait_seconds=login_wait_seconds(attempt.key, attempt.address),
        wait_started=attempt.failures == FAILURES_BEFORE_WAIT,
        account_locked=attempt.total >= FAILURES_BEFORE_LOCK,
    )


def attempt_release(attempt: Attempt) -> None:
    """The secret was right but the login is not over (a second factor is owed) or was not
    granted: the try is no failure, yet the counters are not reset either."""
    counters_increment(
        _pair(attempt.key, attempt.address), _total(attempt.key), ttl=COUNTER_TTL, by=-1
    )
    if attempt.claimed:
        counters_reset(_until(attempt.key, attempt.address))


def login_failure_record(key: str, address: str) -> FailureOutcome:
    """Counts a failure after the fact (a secret checked outside the login's attempt)."""
    return attempt_failed(attempt_begin(key, address))


def login_success_record(key: str, address: str) -> None:
    """A completed login (password and, if any, second factor) resets the counters."""
    counters_reset(_pair(key, address), _until(key, address), _total(key))


def login_counters_clear(key: str) -> None:
    """Support unlock or recovery: the account-wide count starts again."""
    counters_reset(_total(key))


def address_rate_exceeded(address: str, *, scope: str = "login") -> bool:
    """Counts this attempt; true once the address passed 20 attempts in the current minute."""
    return limit_exceeded(
        scope, address, limit=settings.LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE, window_seconds=60
    )


def recovery_is_locked(user_pk: int) -> bool:
    return seconds_left(f"recovery:lock:{user_pk}") != 0


def recovery_attempt_begin(user_pk: int) -> bool:
    """Counts a try of the answers before they are checked (concurrent tries cannot pass the
    limit); false when recovery is locked or this try is past the limit."""
    if recovery_is_locked(user_pk):
        return False
    return _increment(f"recovery:fail:{user_pk}", ttl=RECOVERY_LOCK_SECONDS) <= (
        RECOVERY_FAILURES_BEFORE_LOCK
    )


def recovery_attempt_right(user_pk: int) -> None:
    """The answers were right: the try is no failure."""
    _increment(f"recovery:fail:{user_pk}", ttl=RECOVERY_LOCK_SECONDS, by=-1)


def recovery_failure_record(user_pk: int) -> bool:
    """After a counted wrong try: True for the one failure that locks recovery for 24 h."""
    if counter_get(f"recovery:fail:{user_pk}") < RECOVERY_FAILURES_BEFORE_LOCK:
        return False
    locked = mark_claim(f"recovery:lock:{user_pk}", seconds=RECOVERY_LOCK_SECONDS)
    counters_reset(f"recovery:fail:{user_pk}")
    return locked


def recovery_counters_clear(user_pk: int) -> None:
    counters_reset(f"recovery:fail:{user_pk}", f"recovery:lock:{user_pk}")


def code_attempts_exceeded(address: str) -> bool:
    """Guessing emailed codes or PINs from one address is throttled (per hour)."""
    return limit_exceeded(
        "code", address, limit=CODE_ATTEMPTS_PER_ADDRESS_PER_HOUR, window_seconds=3600
    )
