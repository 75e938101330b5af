"""Periodic jobs run by ``manage.py worker``: each app registers its jobs in its ``tasks.py``.

A job is a plain function; the worker starts it when its interval has passed since its last start,
and the ``PeriodicJobRun`` row ensures two workers do not both start it. A job registered with
``at_start=True`` also runs once in each worker as it starts, whatever its last start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

logger = logging.getLogger("sel.periodic")


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    function: Callable[[], object]
    at_start: bool = False


JOBS: dict[str, PeriodicJob] = {}


def periodic(
    *, every: timedelta, at_start: bool = False
) -> Callable[[Callable[[], object]], Callable[[], object]]:
    def register(function: Callable[[], object]) -> Callable[[], object]:
        name = f"{function.__module__}.{function.__qualname__}"
        JOBS[name] = PeriodicJob(name=name, every=every, function=function, at_start=at_start)
        return function

    return register


def _run(job: PeriodicJob) -> None:
    try:
        job.function()
    except Exception:
        logger.exception("periodic job %s failed", job.name)


def run_start_jobs() -> list[str]:
    """Run, in this process, every job registered with ``at_start=True``: a worker that starts
    catches up at once (e.g. the emails whose sender died mid-delivery)."""
    started = []
    for job in JOBS.values():
        if job.at_start:
            _run(job)
            started.append(job.name)
    return started


def run_due_jobs() -> list[str]:
    """Start, in this process, each job whose interval has passed. Returns the names started."""
    from sel.core.models import PeriodicJobRun

    started = []
    now = timezone.now()
    for job in JOBS.values():
        run, _ = PeriodicJobRun.objects.get_or_create(name=job.name)
        if run.last_started_at is not None and run.last_started_at + job.every > now:
            continue
        won = PeriodicJobRun.objects.filter(pk=run.pk, last_started_at=run.last_started_at).update(
            last_started_at=now
        )
        if not won:
            continue
        _run(job)
        started.append(job.name)
    return started
