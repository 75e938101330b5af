"""Fault 3: every connection to PostgreSQL terminated (``pg_terminate_backend``) under load.
Requests fail fast with the 503 page, none hangs, the portal recovers by itself within 5 s, and no
worker is left dead."""

from __future__ import annotations

import time
from collections import Counter

from sel.core.cluster import Cluster, database_terminate_connections
from tests.faults.conftest import CountingSmtp, emails_sent, queue_emails, report
from tests.faults.load import Load, failures, successes

USERS = 4


def test_postgresql_connections_ended_fail_fast_and_recover_by_themselves(
    cluster: Cluster, smtp: CountingSmtp
) -> None:
    load = Load(cluster.proxy_port, users=USERS)
    load.start()
    time.sleep(5)
    terminated_at = time.monotonic()
    terminated = database_terminate_connections(cluster.database_url)
    time.sleep(8)
    outcomes = load.stop()

    failed = failures(outcomes, after=terminated_at - 35)
    assert all(o.status == 503 for o in failed), Counter(o.status for o in failed)
    assert all(o.seconds < 5 for o in failed), max(o.seconds for o in failed)
    assert all(o.seconds < 30 for o in outcomes), "a request hung"
    recovered_at = max((o.ended for o in failed), default=terminated_at)
    assert recovered_at - terminated_at < 5, recovered_at - terminated_at
    assert successes(outcomes, after=recovered_at), "no request succeeded after the fault"

    # The workers lived through it and still deliver.
    assert cluster.processes["worker1"].running and cluster.processes["worker2"].running
    tag = f"pg-{time.time_ns()}"
    queue_emails(cluster, ["pg-a@example.org", "pg-b@example.org"], 2, tag)
    cluster.wait_for(lambda: emails_sent(cluster, tag) == 4, "emails queued after the fault", 30)
    report(
        "3 PostgreSQL connections terminated",
        connections_terminated=terminated,
        requests=len(outcomes),
        failed=len(failed),
        statuses=dict(Counter(o.status for o in failed)),
        slowest_failure_s=max((o.seconds for o in failed), default=0.0),
        recovered_in_s=recovered_at - terminated_at,
        emails_queued_after_fault_sent="4/4",
    )
