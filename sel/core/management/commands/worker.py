"""The task worker: runs queued tasks (django-tasks database backend) and the periodic jobs."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from sel.core.periodic import run_due_jobs, run_start_jobs

logger = logging.getLogger("sel.worker")


class Command(BaseCommand):
    help = "Run the background worker: queued tasks, then periodic jobs, in a loop."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument("--once", action="store_true", help="Run what is due, then exit.")

    def handle(self, *args: Any, interval: float, once: bool, **options: Any) -> None:
        # The batch loop restarts django-tasks-db's worker every second: keep its start/stop
        # lines out of the log unless asked for (-v 2). Task results are still logged.
        if options["verbosity"] < 2:
            logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        worker.configure_signals()
        # The jobs that catch up at start: emails whose sender died mid-delivery are sent again
        # (same Message-ID), by the outbox's job.
        self._survive(run_start_jobs)
        while True:
            self._survive(run_due_jobs)
            self._survive(worker.run)
            if once or not worker.running:
                return
            time.sleep(interval)

    def _survive(self, step: Any) -> None:
        """A database that restarted or ended this worker's connection fails one round, not the
        worker: the connection is dropped (checked again before reuse) and the loop goes on."""
        close_old_connections()
        try:
            step()
        except DatabaseError:
            logger.warning("worker: the database did not answer; trying again", exc_info=True)
            close_old_connections()
