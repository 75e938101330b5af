from __future__ import annotations

from datetime import timedelta

from sel.core.counters import counters_purge_expired
from sel.core.periodic import periodic


@periodic(every=timedelta(hours=1))
def purge_expired_counters() -> None:
    counters_purge_expired()
