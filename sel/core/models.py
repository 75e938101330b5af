from __future__ import annotations

from django.db import models


class PeriodicJobRun(models.Model):
    """When each periodic job last started; the row makes two workers agree on who runs it."""

    name = models.CharField(max_length=120, unique=True)
    last_started_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class Counter(models.Model):
    """A throttle counter or timed mark of ``sel.core.counters`` when there is no Redis: updated
    atomically with ``F()``; ``expires_at`` gives its lifetime (null: until reset)."""

    key = models.CharField(max_length=200, primary_key=True)
    count = models.BigIntegerField(default=0)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.key}={self.count}"
