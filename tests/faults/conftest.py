"""The cluster of ``make cluster`` (sel/core/cluster/), started once for tests/faults/: HAProxy,
two app servers, two workers, a Redis of its own, and a database of its own on the PostgreSQL
server of ``DATABASE_URL``, on a free range of loopback ports; its emails go to an SMTP server in
this process that counts deliveries by Message-ID.

The outbox's clock runs 60 times faster than in production (first retry after 1 s instead of 60 s,
a dead worker's claim expires after 5 s instead of 300 s, re-queued every second instead of every
minute), so that « SMTP down for 10 minutes » takes 10 seconds: the same code, a scaled clock.

On SQLite, or without REDIS_URL, every test here is skipped with the reason (CI runs them in its
PostgreSQL pass).
"""

from __future__ import annotations

import os
import random
import re
import socket
import subprocess
import sys
import textwrap
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any

import pytest

from sel.core.cluster import (
    Cluster,
    database_connect,
    database_recreate,
    database_url_named,
)
from tests.conftest import RecordingHandler, SmtpServer

SKIP_REASON = (
    "the fault tests start a cluster on PostgreSQL and Redis: set DATABASE_URL=postgres://… and "
    "REDIS_URL (CI's PostgreSQL pass does)"
)
TIME_SCALE_ENV = {
    "OUTBOX_RETRY_SECONDS": "1",
    "OUTBOX_CLAIM_SECONDS": "5",
    "OUTBOX_REQUEUE_SECONDS": "1",
}


def cluster_skip_reason() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")) or not os.environ.get("REDIS_URL"):
        return SKIP_REASON
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every fault test measures time (``-m "not timing"`` leaves them out), and is skipped with
    the reason without PostgreSQL and Redis."""
    reason = cluster_skip_reason()
    for item in items:
        if "tests/faults/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.timing)
            if reason is not None:
                item.add_marker(pytest.mark.skip(reason=reason))


# Each fault test adds one line of figures (requests failed, time to recover, emails sent),
# printed at the end of the run: docs/cluster.md quotes them.
FIGURES: list[str] = []


def report(fault: str, **values: object) -> None:
    FIGURES.append(
        f"{fault}: "
        + " ".join(
            f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in values.items()
        )
    )


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FIGURES:
        terminalreporter.section("fault figures")
        for line in FIGURES:
            terminalreporter.write_line(line)
    reason = cluster_skip_reason()
    skipped = terminalreporter.stats.get("skipped", [])
    if reason and any("tests/faults/" in str(getattr(r, "nodeid", "")) for r in skipped):
        terminalreporter.write_line(f"tests/faults/ skipped: {reason}")


def free_port_range(size: int) -> int:
    """A base port whose next ``size`` ports are all free on loopback, below the ephemeral range
    (from 32768 on Linux), so that no outgoing connection takes one before a server binds it."""
    for _attempt in range(200):
        base = random.randint(20000, 32000)
        try:
            for port in range(base, base + size):
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        return base
    raise RuntimeError("no free range of ports on loopback")


@dataclass
class CountingHandler(RecordingHandler):
    """Accepts every message and counts it by Message-ID, in arrival order. ``hold`` makes the
    next DATA wait before answering (a worker can be killed mid-delivery); ``down`` refuses the
    connection's mail with a 421 (``stop()`` is the real outage: nothing listens)."""

    received: list[tuple[str, str, str, str]] = field(default_factory=list)  # id, to, peer, body
    hold_marker: str = ""  # a message whose body holds this waits hold_seconds before its 250
    hold_seconds: float = 0.0
    holding: list[str] = field(default_factory=list)  # peers of the held deliveries

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        import asyncio
        from email import message_from_bytes

        message: Message = message_from_bytes(envelope.original_content or envelope.content)
        payload = message.get_payload(decode=True)
        body = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
        peer = f"{session.peer[0]}:{session.peer[1]}"
        to = ",".join(envelope.rcpt_tos)
        self.received.append((str(message["Message-ID"]), to, peer, body))
        if self.hold_marker and self.hold_marker in body:
            self.holding.append(peer)
            await asyncio.sleep(self.hold_seconds)
        return "250 OK"

    def counts(self, marker: str) -> Counter[str]:
        """Deliveries per Message-ID of the messages whose body holds ``marker``."""
        return Counter(mid for mid, _to, _peer, body in self.received if marker in body)

    def references(self, to: str, marker: str) -> list[str]:
        """The references (``<tag>-<rank>``) received by ``to``, in arrival order."""
        found = []
        for _mid, rcpt, _peer, body in self.received:
            match = re.search(rf"\(({re.escape(marker)}-\d+)\)", body)
            if rcpt == to and match:
                found.append(match.group(1))
        return found


@dataclass
class CountingSmtp(SmtpServer):
    handler: CountingHandler = field(default_factory=CountingHandler)


@pytest.fixture(scope="session")
def smtp() -> Iterator[CountingSmtp]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = CountingSmtp(port=port)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def cluster(smtp: CountingSmtp, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    reason = cluster_skip_reason()
    if reason:
        pytest.skip(reason)
    prefix = os.environ.get("TEST_DATABASE_NAME") or "test_sel"
    url = database_url_named(os.environ["DATABASE_URL"], f"{prefix}_cluster")
    database_recreate(url)
    workdir = tmp_path_factory.mktemp("cluster")
    cluster = Cluster(
        database_url=url,
        base_port=free_port_range(6),
        workdir=workdir,
        extra_env={**TIME_SCALE_ENV, "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}"},
    )
    try:
        cluster.start()
        cluster.manage("demo_data", env={**cluster.environment(), "DEBUG": "1"})
        yield cluster
    finally:
        cluster.stop()
        with database_connect(database_url_named(url, "postgres")) as conn:
            name = url.rsplit("/", 1)[-1]
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
            )
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def sql(cluster: Cluster, query: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    """A query on the cluster's database, from outside the cluster."""
    with database_connect(cluster.database_url) as conn:
        return list(conn.execute(query, params or []).fetchall())


def emails_sent(cluster: Cluster, tag: str) -> int:
    return int(
        sql(
            cluster,
            "SELECT count(*) FROM core_outboundemail "
            "WHERE context->>'reference' LIKE %s AND status = 'sent'",
            [f"{tag}-%"],
        )[0][0]
    )


def queue_emails(cluster: Cluster, recipients: list[str], per_recipient: int, tag: str) -> None:
    """``per_recipient`` emails to each recipient through the outbox's ``send_email_later``,
    interleaved (a, b, a, b, …), each with its rank in its context."""
    code = textwrap.dedent(
        f"""
        from django.db import transaction
        from sel.outbox.services import send_email_later
        for rank in range({per_recipient}):
            for to in {recipients!r}:
                with transaction.atomic():
                    send_email_later(to=to, language="fr-ca", template="test_notice",
                                     context={{"reference": f"{tag}-{{rank}}"}})
        """
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=cluster.environment(),
        check=True,
        stdin=subprocess.DEVNULL,
    )
