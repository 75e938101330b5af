from __future__ import annotations

from datetime import timedelta

from sel.core.periodic import periodic
from sel.privacy.services import retention_purge


@periodic(every=timedelta(days=1))
def purge_past_retention() -> None:
    retention_purge()
