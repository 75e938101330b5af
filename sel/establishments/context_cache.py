"""The signatories' contexts kept in the cache between requests (``access.signatory_context_kept``)
and the generation that ends them all at once.

Each kept context carries the generation it was read under. Any write to what a context is read
from (grants, access requests, online services, the register, associations, establishments,
installations, OPTILAB clusters) starts a new generation: the model signals connected in
``apps.py`` and the ``update`` of the register's and associations' querysets call
``signatory_contexts_forget``, so every service that writes them, today's and tomorrow's, is
covered without knowing about the cache (issue #14: « a withdrawn grant or an ended association
closes the queue at once »). A generation is a random token, not a counter: two writers never
make the same one, on any cache back end.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "establishments:signatory-context:generation"
# A bound for a write that no signal sees (raw SQL by hand): the context is read afresh after.
KEPT_SECONDS = 300


def context_key(user_id: int, today: date, shape: str = "") -> str:
    """A context holds what is in force on one day: the day is part of its key, and so is its
    ``shape`` (its fields' names), so that a deployment that changes them reads none of the
    contexts the previous code kept."""
    return f"establishments:signatory-context:{shape}:{user_id}:{today.isoformat()}"


def generation_current() -> Any:
    """The generation now, started if the cache has none (a new cache, or one emptied)."""
    generation = secrets.token_hex(8)
    if cache.add(GENERATION_KEY, generation, None):
        return generation
    return cache.get(GENERATION_KEY)


def _generation_new() -> None:
    cache.set(GENERATION_KEY, secrets.token_hex(8), None)


def signatory_contexts_forget(**_signal: Any) -> None:
    """A new generation now, so that readers until the commit read the database afresh, and
    another once the write commits: a context read before the commit, under the first one, is
    not kept. (A receiver of ``post_save`` and ``post_delete``, hence the signal's arguments.)"""
    _generation_new()
    transaction.on_commit(_generation_new)
