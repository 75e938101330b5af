"""Fault 7: four times what the cluster can serve, for 20 s, measured beside saturation in the same
run (sat, overload, sat: a drift of the shared machine weighs on both). Shed requests get a fast
503 with Retry-After, no request waits past the time-out, and the cluster still serves at least
80 % of its saturation throughput: no collapse.

Throughput is held to 80 % two ways: per wall-clock second (the issue's bar), and per CPU-second of
the serving processes (HAProxy, gunicorn; DESIGN.md §5). On this 2-core machine the load generator
(four times the requests at overload) and other sessions' work take CPU from the servers: that
lowers the first ratio without any collapse of the cluster, while a collapse (work wasted on
requests then dropped, thrashing) lowers both. On a machine shared with busy neighbours the first
may fail alone: the printed figures say which (docs/cluster.md)."""

from __future__ import annotations

import statistics
from collections import Counter

from sel.core.cluster import Cluster
from tests.faults.conftest import report
from tests.faults.load import logged_in
from tests.faults.overload import closed_loop, open_loop, session_of

OVERLOAD_FACTOR = 4
QUEUE_SECONDS = 2.0  # the proxy's queue time-out (sel/core/cluster/proxy.py)


def test_four_times_overload_sheds_fast_and_keeps_throughput(cluster: Cluster) -> None:
    port = cluster.proxy_port
    sessions = [session_of(logged_in(port)) for _ in range(6)]
    slots = cluster.app_servers * cluster.gunicorn_workers * (cluster.gunicorn_threads - 1)
    closed_loop(cluster, sessions, clients=slots, seconds=3)  # warm-up: connections, caches
    before = closed_loop(cluster, sessions, clients=slots, seconds=10)
    rate = OVERLOAD_FACTOR * before.served_per_second
    overload = open_loop(cluster, sessions, rate=rate, seconds=20)
    after = closed_loop(cluster, sessions, clients=slots, seconds=10)

    saturation = (before.served_per_second + after.served_per_second) / 2
    wall_ratio = overload.served_per_second / saturation
    per_cpu = (before.served_per_cpu_second + after.served_per_cpu_second) / 2
    ratio = overload.served_per_cpu_second / per_cpu
    statuses = Counter(a.status for a in overload.answers)
    shed = overload.of_status(503)
    figures = {
        "saturation_rps": saturation,
        "saturation_before_after": f"{before.served_per_second:.1f}/{after.served_per_second:.1f}",
        "sent_rps": overload.sent_per_second,
        "served_at_overload_rps": overload.served_per_second,
        "ratio_per_wall_second": wall_ratio,
        "served_per_server_cpu_s": f"{per_cpu:.1f}->{overload.served_per_cpu_second:.1f}",
        "ratio_per_server_cpu_second": ratio,
        "served_consult_share": f"{before.served_consult_share:.2f}/"
        f"{overload.served_consult_share:.2f}/{after.served_consult_share:.2f}",
        "statuses": dict(statuses),
        "shed_median_s": statistics.median(a.seconds for a in shed) if shed else 0.0,
        "shed_max_s": max((a.seconds for a in shed), default=0.0),
        "slowest_s": max(a.seconds for a in overload.answers),
    }
    report("7 overload x4 for 20 s", **figures)
    assert set(statuses) <= {200, 503}, figures
    assert shed, f"nothing was shed at {OVERLOAD_FACTOR}x: {figures}"
    assert all(a.retry_after for a in shed), "a 503 without Retry-After"
    # The proxy answers a shed request after its 2-second queue; the generator's own event loop,
    # busy with four times the requests, adds its lag to what it measures.
    assert statistics.median(a.seconds for a in shed) < QUEUE_SECONDS + 0.5, figures
    assert max(a.seconds for a in shed) < QUEUE_SECONDS + 5, figures
    assert max(a.seconds for a in overload.answers) < 30, figures
    assert ratio >= 0.8, figures
    assert wall_ratio >= 0.8, figures
