"""``make cluster``: HAProxy, two gunicorn app servers (production settings), two task workers, one
PostgreSQL database and one Redis, on loopback (sel/core/cluster/). Ctrl-C stops everything."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sel.core.cluster import Cluster, database_create_if_missing, database_url_named

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/sel_cluster"


class Command(BaseCommand):
    help = (
        "Start the portal as a cluster on loopback: HAProxy, two app servers, two task workers, "
        "PostgreSQL (DATABASE_URL) and a Redis of its own. Ctrl-C stops everything."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--database",
            default="",
            help="Database name on the DATABASE_URL server (default: sel_cluster).",
        )
        parser.add_argument("--demo-data", action="store_true", help="Load the demo data.")

    def handle(self, *args: Any, port: int, database: str, demo_data: bool, **options: Any) -> None:
        url = os.environ.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
        if not url.startswith(("postgres://", "postgresql://")):
            raise CommandError(
                "The cluster needs PostgreSQL: set DATABASE_URL=postgres://user@host:5432/name "
                "(README, « Cluster »)."
            )
        if database:
            url = database_url_named(url, database)
        workdir = Path(tempfile.mkdtemp(prefix="sel-cluster-"))
        cluster = Cluster(database_url=url, base_port=port, workdir=workdir)
        try:
            self.stdout.write(f"Starting the cluster (logs in {workdir}) ...")
            database_create_if_missing(url)
            cluster.start()
            if demo_data:
                cluster.manage("demo_data", env={**cluster.environment(), "DEBUG": "1"})
            self.stdout.write(self.style.SUCCESS(f"SEL runs at {cluster.url} (HAProxy)"))
            for index in range(cluster.app_servers):
                self.stdout.write(f"  app server {index + 1}: 127.0.0.1:{cluster.app_port(index)}")
            self.stdout.write(f"  Redis: {cluster.redis_url}")
            self.stdout.write(f"  PostgreSQL: {url.rsplit('@', 1)[-1]}")
            self.stdout.write("Press Ctrl-C to stop everything.")
            while all(p.running for p in cluster.processes.values()):
                time.sleep(0.5)
            dead = [name for name, p in cluster.processes.items() if not p.running]
            self.stderr.write(f"Stopped because {', '.join(dead)} exited; see {workdir}")
        except KeyboardInterrupt:
            pass
        finally:
            cluster.stop()
            self.stdout.write("Cluster stopped; nothing left running.")
