"""Counters in the shared cache (Redis when REDIS_URL is set), for every throttle of the portal,
so the limits hold across server processes."""

from __future__ import annotations

import time

from django.core.cache import cache


def counter_increment(key: str, *, ttl: int | None) -> int:
    """Add one and return the new count. Atomic on Redis; one round trip once the counter exists
    (its time-to-live runs from the first increment)."""
    try:
        return int(cache.incr(key))
    except ValueError:
        if cache.add(key, 1, ttl):
            return 1
        return int(cache.incr(key))


def rate_exceeded(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Counts this attempt in the current fixed window of ``window_seconds``; true once more than
    ``limit`` attempts were counted for ``scope`` and ``key`` in that window."""
    window = int(time.time() // window_seconds)
    count = counter_increment(f"{scope}:rate:{key}:{window}", ttl=window_seconds + 60)
    return count > limit
