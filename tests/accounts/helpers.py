"""Helpers shared by the accounts tests."""

from __future__ import annotations

import re
from html import unescape

from django.http import HttpResponse

from sel.outbox.models import OutboundEmail

CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def page(response: HttpResponse) -> str:
    """The page text with HTML entities decoded."""
    return unescape(response.content.decode())


def page_structure(response: HttpResponse) -> str:
    """The page with its per-request CSRF token blanked, for comparing two answers."""
    return CSRF_VALUE.sub('name="csrfmiddlewaretoken" value=""', response.content.decode())


def last_secret(template: str, key: str = "code", to: str | None = None) -> str:
    emails = OutboundEmail.objects.filter(template=template)
    if to is not None:
        emails = emails.filter(to=to)
    email = emails.order_by("-created_at", "-pk").first()
    assert email is not None, f"no {template} email"
    return str(email.secret_context[key])
