"""Idempotency keys on the POSTs that write: the first answer is stored with the key, in the
write's transaction, and given again to a retry of the same call."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils.translation import gettext_lazy as _

from sel.b2b.models import B2BClient, IdempotencyRecord

KEY_DAYS = 1  # a key is remembered one day (then purged by the retention job)
KEY_REUSED = _(
    "Cette clé d'idempotence a déjà servi pour une autre demande : utilisez une nouvelle clé."
)


class KeyReused(Exception):
    pass


def idempotency_begin(*, client: B2BClient, key: str, fingerprint: str) -> IdempotencyRecord | None:
    """The stored answer of this key (None: a first call, whose record is created now and
    finished by ``idempotency_finish`` in the same transaction). Raises ``KeyReused`` when the
    key served another request. A concurrent first call with the same key waits on the
    record's unique index, then fails with IntegrityError: the caller reads the answer then."""
    found = IdempotencyRecord.objects.filter(client=client, key=key).first()
    if found is not None:
        if found.request_hash != fingerprint:
            raise KeyReused(key)
        return found
    IdempotencyRecord.objects.create(client=client, key=key, request_hash=fingerprint)
    return None


def idempotency_finish(*, client: B2BClient, key: str, status: int, body: dict[str, Any]) -> None:
    IdempotencyRecord.objects.filter(client=client, key=key).update(status_code=status, body=body)


def idempotency_purge(now: datetime) -> int:
    """Forgets the keys older than ``KEY_DAYS``."""
    deleted, _by_model = IdempotencyRecord.objects.filter(
        created_at__lt=now - timedelta(days=KEY_DAYS)
    ).delete()
    return deleted
