"""Fault 1: an app server killed (SIGKILL) under load. The proxy takes it out: at most the requests
in flight on it fail, none after 2 s; every write acknowledged is in the database once; the server
comes back and is used again."""

from __future__ import annotations

import time
from collections import Counter

from sel.core.cluster import Cluster
from tests.faults.conftest import report, sql
from tests.faults.load import Load, acknowledged_tokens, failures

USERS = 4


def test_an_app_server_killed_loses_at_most_its_requests_in_flight(cluster: Cluster) -> None:
    load = Load(cluster.proxy_port, users=USERS)
    load.start()
    time.sleep(5)
    killed_at = time.monotonic()
    cluster.processes["app1"].kill()
    time.sleep(6)
    cluster.processes["app1"].start()
    restarted_at = time.monotonic()
    cluster.wait_app_server(0)
    cluster.wait_for(lambda: cluster.proxy_servers()["app1"][0] == "UP", "app1 UP", 10)
    back_at = time.monotonic()
    sent_before = cluster.proxy_servers()["app1"][1]
    time.sleep(4)
    outcomes = load.stop()
    sent_after = cluster.proxy_servers()["app1"][1]

    failed = failures(outcomes, after=killed_at - 35)
    late = [o for o in failed if o.started > killed_at + 2]
    assert not late, f"requests failed more than 2 s after the kill: {late}"
    # Each virtual user has at most one request in flight: the killed server's share of them.
    assert len(failed) <= USERS, failed
    assert sent_after > sent_before, "the restarted server gets no requests"

    acknowledged = acknowledged_tokens(outcomes)
    rows = sql(cluster, "SELECT body FROM messaging_message WHERE body LIKE 'load-token %%'")
    stored = Counter(body.split()[-1] for (body,) in rows)
    assert acknowledged, "no message was written under load"
    assert acknowledged <= set(stored), "an acknowledged message is missing"
    assert max(stored.values()) == 1, "a message was written twice"
    report(
        "1 app server killed",
        requests=len(outcomes),
        failed=len(failed),
        statuses=dict(Counter(o.status for o in failed)),
        last_failure_after_kill_s=max((o.ended - killed_at for o in failed), default=0.0),
        server_back_in_s=back_at - restarted_at,
        writes_acknowledged=len(acknowledged),
        writes_doubled=sum(1 for n in stored.values() if n > 1),
    )
