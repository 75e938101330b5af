"""Counters in the shared cache (Redis when REDIS_URL is set), for every throttle of the portal,
so the limits hold across server processes."""

from __future__ import annotations

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
