"""Fault 2: a worker killed (SIGKILL) while it delivers an email, under load. The email is sent
again by the other worker once the dead worker's claim expires: delivered once, or at worst twice
with the same Message-ID (the SMTP server received it before the worker could record it)."""

from __future__ import annotations

import signal
import time

import psutil

from sel.core.cluster import Cluster
from tests.faults.conftest import CountingSmtp, emails_sent, queue_emails, report
from tests.faults.load import Load


def worker_holding(cluster: Cluster, peer: str) -> str | None:
    """The worker whose SMTP connection comes from ``peer`` (host:port)."""
    port = int(peer.rsplit(":", 1)[1])
    for name in ("worker1", "worker2"):
        process = psutil.Process(cluster.processes[name].pid)
        if any(c.laddr and c.laddr.port == port for c in process.net_connections("tcp")):
            return name
    return None


def test_a_worker_killed_mid_delivery_leaves_the_email_to_the_other(
    cluster: Cluster, smtp: CountingSmtp
) -> None:
    tag = f"hold-{time.time_ns()}"
    # The server keeps the message 6 s before its 250 (the sender waits up to EMAIL_TIMEOUT, 10 s).
    smtp.handler.hold_marker, smtp.handler.hold_seconds = tag, 6.0
    smtp.handler.holding.clear()
    load = Load(cluster.proxy_port, users=3)
    load.start()
    victim = "worker1"
    try:
        queue_emails(cluster, ["worker-killed@example.org"], 1, tag)
        cluster.wait_for(lambda: smtp.handler.holding, "a delivery in progress", 30)
        deadline = time.monotonic() + 3
        while (found := worker_holding(cluster, smtp.handler.holding[0])) is None:
            assert time.monotonic() < deadline, "no worker holds the held SMTP connection"
            time.sleep(0.05)
        victim = found
        survivor = "worker2" if victim == "worker1" else "worker1"
        cluster.processes[victim].signal_group(signal.SIGKILL)
        killed_at = time.monotonic()
        smtp.handler.hold_seconds = 0
        cluster.wait_for(lambda: emails_sent(cluster, tag) == 1, "the email sent again", 60)
        resent_in = time.monotonic() - killed_at
        assert not cluster.processes[victim].running
        assert cluster.processes[survivor].running
    finally:
        smtp.handler.hold_marker = ""
        outcomes = load.stop()
        cluster.processes[victim].stop()
        cluster.processes[victim].start()
    counts = smtp.handler.counts(tag)
    assert len(counts) == 1, counts  # one Message-ID
    assert 1 <= next(iter(counts.values())) <= 2, counts
    assert cluster.processes[victim].running
    report(
        "2 worker killed mid-delivery",
        requests=len(outcomes),
        deliveries_of_the_email=next(iter(counts.values())),
        message_ids=len(counts),
        sent_again_after_s=resent_in,
    )
