from __future__ import annotations

import logging
import sys

import redis
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.crypto import get_random_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger("sel.health")


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness: the database and the cache both answer."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:
        logger.exception("health check: database")
        checks["database"] = "error"
    try:
        probe = get_random_string(12)
        cache.set("healthz-probe", probe, 10)
        checks["cache"] = "ok" if cache.get("healthz-probe") == probe else "error"
    except Exception:
        logger.exception("health check: cache")
        checks["cache"] = "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


# A back end that is down or unreachable (PostgreSQL restarted, its connections ended, Redis
# stopped): the request was not processed, and says so with a 503 and a Retry-After, so that the
# proxy, a client or a person knows to come back (docs/cluster.md).
OUTAGE_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)
RETRY_AFTER_SECONDS = 5


def is_outage(exc: BaseException | None) -> bool:
    """True for an error that means a back end did not answer, not a bug: a DatabaseError whose
    cause is a lost or refused connection, or Redis unreachable."""
    while exc is not None:
        if isinstance(exc, OUTAGE_ERRORS):
            return True
        if isinstance(exc, DatabaseError) and isinstance(exc.__cause__, OUTAGE_ERRORS):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    # No context, no database: the page must render whatever failed, and leak nothing. Django
    # calls this inside its ``except`` block, so the error is the one being handled.
    if is_outage(sys.exc_info()[1]):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(render_to_string("500.html"), status=500)
