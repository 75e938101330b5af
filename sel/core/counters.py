"""Counters and timed marks for every throttle of the portal (rate limits go through
``sel.core.limits``): shared by all server processes, atomic, and each keeps the lifetime it was
given.

Two back ends, chosen by ``REDIS_URL``:
- Redis: ``SET key 0 EX ttl NX`` then ``INCRBY`` in one MULTI transaction (one round trip), so the
  count and its expiry are created together and later increments keep the expiry; several counters
  counted together (``counters_increment``) share one transaction.
- The database (``sel.core.models.Counter``): a row updated with ``F()`` in a transaction, with an
  expiry column; an expired row starts again at the next increment and is purged by the worker.

Django's cache ``incr()`` is not used: on the database cache it is a get then a set with the
default timeout, which loses concurrent increments and shortens every counter to 5 minutes.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache

import redis
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone


@cache
def _redis_client(url: str) -> redis.Redis:
    # Fails fast when Redis is down or hangs (the request gets the 503 page, sel.core.views).
    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)


def _redis() -> redis.Redis | None:
    url = settings.REDIS_URL
    return _redis_client(url) if url else None


def _redis_key(key: str) -> str:
    return f"{settings.CACHES['default'].get('KEY_PREFIX', '')}:counter:{key}"


def _live(now: datetime) -> Q:
    return Q(expires_at__isnull=True) | Q(expires_at__gt=now)


def _expiry(ttl: int | None) -> datetime | None:
    return timezone.now() + timedelta(seconds=ttl) if ttl else None


def counter_increment(key: str, *, ttl: int | None, by: int = 1) -> int:
    """Adds ``by`` (1, or -1 to give back a provisional count) and returns the new count,
    atomically. A new or expired counter starts at ``by`` and lives ``ttl`` seconds from then
    (None: until reset); later increments keep that expiry."""
    client = _redis()
    if client is not None:
        name = _redis_key(key)
        pipe = client.pipeline(transaction=True)
        pipe.set(name, 0, ex=ttl, nx=True)
        pipe.incrby(name, by)
        return int(pipe.execute()[1])
    from sel.core.models import Counter

    now = timezone.now()
    with transaction.atomic():
        if Counter.objects.filter(_live(now), key=key).update(count=F("count") + by):
            return int(Counter.objects.values_list("count", flat=True).get(key=key))
        expires = _expiry(ttl)
        if Counter.objects.filter(key=key, expires_at__lte=now).update(
            count=by, expires_at=expires
        ):
            return by
        try:
            with transaction.atomic():
                Counter.objects.create(key=key, count=by, expires_at=expires)
            return by
        except IntegrityError:  # another process created it in between: count on it
            Counter.objects.filter(key=key).update(count=F("count") + by)
            return int(Counter.objects.values_list("count", flat=True).get(key=key))


def counters_increment(
    *keys: str, ttl: int | None, by: int = 1, then_seconds_left: str | None = None
) -> tuple[list[int], int]:
    """``counter_increment`` of each key, all in one transaction (one round trip to Redis), and
    then, if asked, ``seconds_left`` of another key read in the same transaction. Returns the new
    counts in order and that lifetime (0 when not asked)."""
    client = _redis()
    if client is not None:
        pipe = client.pipeline(transaction=True)
        for key in keys:
            name = _redis_key(key)
            pipe.set(name, 0, ex=ttl, nx=True)
            pipe.incrby(name, by)
        if then_seconds_left is not None:
            pipe.ttl(_redis_key(then_seconds_left))
        results = pipe.execute()
        counts = [int(count) for count in results[1 : 2 * len(keys) : 2]]
        if then_seconds_left is None:
            return counts, 0
        left = int(results[-1])
        return counts, -1 if left == -1 else max(0, left)
    with transaction.atomic():
        counts = [counter_increment(key, ttl=ttl, by=by) for key in keys]
        left = seconds_left(then_seconds_left) if then_seconds_left is not None else 0
    return counts, left


def counter_get(key: str) -> int:
    """The current count (0 when missing or expired)."""
    client = _redis()
    if client is not None:
        value = client.get(_redis_key(key))
        return int(value) if value is not None else 0
    from sel.core.models import Counter

    found = Counter.objects.filter(_live(timezone.now()), key=key).values_list("count", flat=True)
    return int(next(iter(found), 0))


def counters_reset(*keys: str) -> None:
    """Forgets these counters and marks."""
    client = _redis()
    if client is not None:
        client.delete(*(_redis_key(k) for k in keys))
        return
    from sel.core.models import Counter

    Counter.objects.filter(key__in=keys).delete()


def mark_claim(key: str, *, seconds: int) -> bool:
    """Sets a mark for ``seconds`` only if none lives now; true for the one caller that set it
    (of several at once, exactly one wins)."""
    client = _redis()
    if client is not None:
        return bool(client.set(_redis_key(key), 1, ex=seconds, nx=True))
    from sel.core.models import Counter

    now = timezone.now()
    expires = now + timedelta(seconds=seconds)
    with transaction.atomic():
        if Counter.objects.filter(key=key, expires_at__lte=now).update(count=1, expires_at=expires):
            return True
        try:
            with transaction.atomic():
                Counter.objects.create(key=key, count=1, expires_at=expires)
        except IntegrityError:
            return False
        return True


def seconds_left(key: str) -> int:
    """How long a counter or mark still lives, in whole seconds (0 when missing or expired; -1
    when it lives until reset)."""
    client = _redis()
    if client is not None:
        left = int(client.ttl(_redis_key(key)))
        return -1 if left == -1 else max(0, left)
    from sel.core.models import Counter

    now = timezone.now()
    found = Counter.objects.filter(_live(now), key=key).values_list("expires_at", flat=True)
    for expires in found:
        return -1 if expires is None else max(0, int((expires - now).total_seconds()))
    return 0


def counters_purge_expired() -> int:
    """Deletes the expired rows of the database back end (Redis expires keys by itself)."""
    from sel.core.models import Counter

    deleted, _ = Counter.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
