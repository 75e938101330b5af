"""Sessions in the cache (Redis when REDIS_URL is set), each new session written once.

Django's cache store creates a session as soon as a key is asked for (a login's ``cycle_key``):
``EXISTS`` to draw a free key, an empty ``SET NX`` to claim it, then at the end of the request a
``GET`` and the real ``SET``: four round trips. This store draws the key when the session is first
saved and writes it with its data in one ``SET NX``; a key already taken is drawn again (``NX``
makes that safe without ``EXISTS``). Everything else is Django's: expiry, cookie, later saves.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.base import VALID_KEY_CHARS, CreateError
from django.contrib.sessions.backends.cache import SessionStore as CacheSessionStore
from django.utils.crypto import get_random_string

DRAWS = 10000  # as Django's cache store, before it gives up on an unreachable cache


class SessionStore(CacheSessionStore):
    def create(self) -> None:
        """A new, empty session whose key is drawn when it is saved (``save``)."""
        empty: dict[str, Any] = {}
        self._session_key = None
        self._session_cache = empty
        self.modified = True

    def save(self, must_create: bool = False) -> None:
        if self.session_key is not None:
            super().save(must_create=must_create)
            return
        for _ in range(DRAWS):
            self._session_key = get_random_string(32, VALID_KEY_CHARS)
            try:
                super().save(must_create=True)  # SET NX with the data: fails if the key is taken
            except CreateError:
                continue
            return
        self._session_key = None
        raise RuntimeError("Unable to create a new session key: the cache is likely unavailable.")

    async def acreate(self) -> None:
        self.create()

    async def asave(self, must_create: bool = False) -> None:
        if self.session_key is not None:
            await super().asave(must_create=must_create)
            return
        for _ in range(DRAWS):
            self._session_key = get_random_string(32, VALID_KEY_CHARS)
            try:
                await super().asave(must_create=True)
            except CreateError:
                continue
            return
        self._session_key = None
        raise RuntimeError("Unable to create a new session key: the cache is likely unavailable.")
