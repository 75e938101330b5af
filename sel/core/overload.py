"""Load shedding: when every request slot of a server process is busy, answer 503 at once (with
Retry-After) instead of letting requests queue until clients time out (SECURITY.md #38).

Used with gunicorn's ``gthread`` workers (``gunicorn.conf.py``): a worker accepts more connections
than it lets run at once, so the extra ones get a fast, honest answer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from sel.core.middleware import PERMISSIONS_POLICY

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

BUSY_PAGE = (
    '<!DOCTYPE html><html lang="fr-CA"><head><meta charset="utf-8">'
    "<title>Service occupé / Service busy – SEL</title></head><body><main>"
    "<h1>Service momentanément occupé</h1><p>Réessayez dans quelques secondes.</p>"
    '<p lang="en">The service is busy. Please try again in a few seconds.</p>'
    "</main></body></html>"
).encode()


class LoadShedder:
    def __init__(self, app: WSGIApp, *, max_concurrent: int, wait_seconds: float) -> None:
        self.app = app
        self.slots = threading.BoundedSemaphore(max_concurrent)
        self.wait_seconds = wait_seconds

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            return self.app(environ, start_response)
        if not self.slots.acquire(timeout=self.wait_seconds):
            start_response(
                "503 Service Unavailable",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Retry-After", "5"),
                    ("Cache-Control", "no-store"),
                    ("Permissions-Policy", PERMISSIONS_POLICY),
                    ("Content-Length", str(len(BUSY_PAGE))),
                ],
            )
            return [BUSY_PAGE]
        try:
            # The body is materialised so the slot is held for the whole response.
            return list(self.app(environ, start_response))
        finally:
            self.slots.release()
