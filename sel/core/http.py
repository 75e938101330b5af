"""Small helpers about the HTTP request shared by every app."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the address TRUSTED_PROXY_COUNT proxies saw.

    X-Forwarded-For is only read when proxies are declared, so a client cannot forge it.
    """
    if settings.TRUSTED_PROXY_COUNT > 0:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= settings.TRUSTED_PROXY_COUNT:
            return forwarded[-settings.TRUSTED_PROXY_COUNT]
    return str(request.META.get("REMOTE_ADDR", ""))


def user_agent(request: HttpRequest) -> str:
    return str(request.META.get("HTTP_USER_AGENT", ""))[:300]


def absolute_url(path: str) -> str:
    """A link for an email: always from SITE_BASE_URL, never from the forgeable Host header."""
    return f"{settings.SITE_BASE_URL}{path}"
