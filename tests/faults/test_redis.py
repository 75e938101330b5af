"""Fault 4: Redis down for 30 s under load (docs/cluster.md says what degrades). Sessions and
throttle counters live there: while it is down no login succeeds (fail closed, the 503 page), and
everything comes back by itself once it returns."""

from __future__ import annotations

import time
from collections import Counter

from sel.core.cluster import Cluster
from tests.faults.conftest import report
from tests.faults.load import PASSWORD, USERNAME, Browser, Load, failures, next_source_address

OUTAGE_SECONDS = 30


def login_status(port: int) -> tuple[int | None, str, str]:
    """One login from a fresh address: (status, redirect location, page)."""
    from tests.faults.load import CSRF_INPUT

    browser = Browser(port, next_source_address())
    try:
        status, _location, page = browser.request("GET", "/compte/connexion/")
        match = CSRF_INPUT.search(page)
        if match is None:
            return status, "", page
        return browser.request(
            "POST", "/compte/connexion/",
            {"csrfmiddlewaretoken": match.group(1), "username": USERNAME, "password": PASSWORD},
        )  # fmt: skip
    except OSError:
        return None, "", ""
    finally:
        browser.close()


def test_redis_down_fails_logins_closed_and_everything_comes_back(cluster: Cluster) -> None:
    assert login_status(cluster.proxy_port)[0] == 302  # a login works before the fault
    load = Load(cluster.proxy_port, users=3)
    load.start()
    time.sleep(4)
    stopped_at = time.monotonic()
    cluster.processes["redis"].stop()
    during: list[tuple[int | None, str, str]] = []
    while time.monotonic() - stopped_at < OUTAGE_SECONDS:
        during.append(login_status(cluster.proxy_port))
        time.sleep(1)
    cluster.processes["redis"].start()
    back_at = time.monotonic()
    cluster.wait_for(lambda: login_status(cluster.proxy_port)[0] == 302, "a login", 30)
    login_back_in = time.monotonic() - back_at
    time.sleep(3)
    outcomes = load.stop()

    # Fail closed: not one login succeeded while the throttle's counters were out of reach.
    assert during and all(status != 302 for status, _loc, _page in during)
    assert all(status == 503 for status, _loc, _page in during), Counter(s for s, _l, _p in during)
    assert all("Service momentanément indisponible" in page for _s, _l, page in during)
    failed = failures(outcomes, after=stopped_at - 35)
    assert all(o.status == 503 for o in failed), Counter(o.status for o in failed)
    assert all(o.seconds < 5 for o in outcomes if o.started > stopped_at), "a request hung"
    assert not failures(outcomes, after=back_at + login_back_in + 1)
    report(
        "4 Redis down 30 s",
        login_attempts_during=len(during),
        logins_succeeded_during=sum(1 for s, _l, _p in during if s == 302),
        requests=len(outcomes),
        failed=len(failed),
        statuses=dict(Counter(o.status for o in failed)),
        login_back_in_s=login_back_in,
    )
