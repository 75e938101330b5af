"""The worker runs queued tasks and the periodic jobs, each once per interval across workers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sel.core import periodic
from sel.core.models import PeriodicJobRun

pytestmark = pytest.mark.django_db


def test_a_periodic_job_runs_once_per_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(periodic, "JOBS", {})
    periodic.periodic(every=timedelta(hours=1))(lambda: calls.append("ran"))

    assert len(periodic.run_due_jobs()) == 1
    assert periodic.run_due_jobs() == []  # a second worker in the same hour does nothing
    assert calls == ["ran"]

    PeriodicJobRun.objects.update(last_started_at=timezone.now() - timedelta(hours=2))
    assert len(periodic.run_due_jobs()) == 1
    assert calls == ["ran", "ran"]


def test_a_failing_job_does_not_stop_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(periodic, "JOBS", {})

    def broken() -> None:
        raise RuntimeError("boom")

    periodic.periodic(every=timedelta(minutes=5))(broken)
    periodic.periodic(every=timedelta(minutes=5))(lambda: calls.append("ok"))
    assert len(periodic.run_due_jobs()) == 2
    assert calls == ["ok"]


def test_the_outbox_retry_job_is_registered_by_the_worker() -> None:
    assert "sel.outbox.tasks.requeue_due_emails" in periodic.JOBS
