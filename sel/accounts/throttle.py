"""Throttling and lockout counters, kept in the cache (Redis when REDIS_URL is set, else the
database cache) so that every server process sees the same counts.

- Per account and client address: after 5 consecutive failures, a wait of 15 minutes that doubles
  on each further failure, up to 24 h.
- Per account, whatever the client: 100 consecutive failures lock the account until a support agent
  unlocks it or the user recovers it (NIST SP 800-63B's cap).
- Per client address: at most 20 login attempts a minute, across accounts (password spraying).
- Recovery: 3 failures lock recovery for 24 h.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from sel.core.counters import counter_increment

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


def _increment(key: str, ttl: int | None = COUNTER_TTL) -> int:
    return counter_increment(key, ttl=ttl)


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


def login_wait_seconds(key: str, address: str) -> int:
    until = cache.get(f"login:until:{key}:{address}")
    if until is None:
        return 0
    return max(0, int(float(until) - time.time()))


def login_failure_record(key: str, address: str) -> FailureOutcome:
    pair_failures = _increment(f"login:fail:{key}:{address}")
    total_failures = _increment(f"login:total:{key}")
    wait = wait_after(pair_failures)
    if wait:
        cache.set(f"login:until:{key}:{address}", time.time() + wait, wait)
    return FailureOutcome(
        wait_seconds=wait,
        wait_started=pair_failures == FAILURES_BEFORE_WAIT,
        account_locked=total_failures == FAILURES_BEFORE_LOCK,
    )


def login_success_record(key: str, address: str) -> None:
    """A success resets the counters (one read when there is nothing to reset)."""
    keys = [f"login:fail:{key}:{address}", f"login:until:{key}:{address}", f"login:total:{key}"]
    if cache.get_many(keys):
        cache.delete_many(keys)


def login_counters_clear(key: str) -> None:
    """Support unlock or recovery: the account-wide count starts again."""
    cache.delete(f"login:total:{key}")


def address_rate_exceeded(address: str, *, scope: str = "login") -> bool:
    """Counts this attempt; true once the address passed 20 attempts in the current minute."""
    minute = int(time.time() // 60)
    count = _increment(f"{scope}:rate:{address}:{minute}", ttl=120)
    return count > settings.LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE


def recovery_is_locked(user_pk: int) -> bool:
    return cache.get(f"recovery:lock:{user_pk}") is not None


def recovery_failure_record(user_pk: int) -> bool:
    """Returns True when this failure locks recovery for 24 h."""
    failures = _increment(f"recovery:fail:{user_pk}", ttl=RECOVERY_LOCK_SECONDS)
    if failures >= RECOVERY_FAILURES_BEFORE_LOCK:
        cache.set(f"recovery:lock:{user_pk}", 1, RECOVERY_LOCK_SECONDS)
        cache.delete(f"recovery:fail:{user_pk}")
        return True
    return False


def recovery_counters_clear(user_pk: int) -> None:
    cache.delete_many([f"recovery:fail:{user_pk}", f"recovery:lock:{user_pk}"])


def code_attempts_exceeded(address: str) -> bool:
    """Guessing emailed codes or PINs from one address is throttled (per hour)."""
    hour = int(time.time() // 3600)
    return _increment(f"code:rate:{address}:{hour}", ttl=3700) > CODE_ATTEMPTS_PER_ADDRESS_PER_HOUR
