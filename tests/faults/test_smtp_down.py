"""Fault 5: the SMTP server down for « 10 minutes » (10 s on the fault tests' scaled outbox clock,
conftest.py), then back, under load, with both workers racing for the queue: every queued email is
delivered once, in order of creation per recipient."""

from __future__ import annotations

import time
from collections import Counter

from sel.core.cluster import Cluster
from tests.faults.conftest import CountingSmtp, emails_sent, queue_emails, report
from tests.faults.load import Load

RECIPIENTS = ["smtp-a@example.org", "smtp-b@example.org", "smtp-c@example.org"]
PER_RECIPIENT = 5
OUTAGE_SECONDS = 10


def test_smtp_down_then_back_delivers_every_email_once_in_order(
    cluster: Cluster, smtp: CountingSmtp
) -> None:
    tag = f"smtp-{time.time_ns()}"
    load = Load(cluster.proxy_port, users=3)
    load.start()
    smtp.stop()
    stopped_at = time.monotonic()
    try:
        queue_emails(cluster, RECIPIENTS, PER_RECIPIENT, tag)
        time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - stopped_at)))
        assert emails_sent(cluster, tag) == 0
    finally:
        smtp.start()
    back_at = time.monotonic()
    total = len(RECIPIENTS) * PER_RECIPIENT
    cluster.wait_for(lambda: emails_sent(cluster, tag) == total, "every email sent", 60)
    all_sent_in = time.monotonic() - back_at
    outcomes = load.stop()

    counts = smtp.handler.counts(tag)
    assert len(counts) == total and set(counts.values()) == {1}, counts
    for to in RECIPIENTS:
        assert smtp.handler.references(to, tag) == [f"{tag}-{r}" for r in range(PER_RECIPIENT)]
    report(
        "5 SMTP down (10 min scaled to 10 s)",
        requests=len(outcomes),
        failed=sum(1 for o in outcomes if o.status is None or o.status >= 500),
        emails_queued=total,
        emails_delivered=sum(counts.values()),
        delivered_twice=sum(1 for n in counts.values() if n > 1),
        statuses=dict(Counter(o.status for o in outcomes if o.status and o.status >= 500)),
        all_sent_after_smtp_back_s=all_sent_in,
    )
