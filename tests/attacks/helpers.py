"""What the attack tests share: logging in through the portal's pages, the pages an attacker aims
at, and reading an admin form as a browser would."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pyotp
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories.accounts import AGENT_TOTP_SECRET, DEFAULT_PASSWORD


def portal_login(
    client: Client, user: Any, *, password: str = DEFAULT_PASSWORD, next_url: str = ""
) -> str:
    """Logs in through the portal's own pages (password, then the TOTP code when the account has
    a second factor), as a person would; returns where the last step sends the browser."""
    query = f"?next={next_url}" if next_url else ""
    response = client.post(
        f"/compte/connexion/{query}",
        {"username": user.username, "password": password, "next": next_url},
    )
    location = str(response.get("Location", ""))
    if location.startswith("/compte/connexion/deuxieme-facteur/"):
        code = pyotp.TOTP(user.totp_secret or AGENT_TOTP_SECRET).now()
        response = client.post(location, {"code": code})
        location = str(response.get("Location", ""))
    return location


def login_urls() -> list[str]:
    """Every URL whose name says it logs people in (the portal's, the console's, any other)."""
    found: list[str] = []

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name == "login":
                found.append(reverse(f"{namespace}{pattern.name}"))

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


def console_pages() -> list[str]:
    """The console's home and every list it shows."""
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    return pages


# The agent side of the portal: support centre, access-request processing, exception-drug
# processing and the messaging queue.
AGENT_PAGES = [
    "accounts:support_search",
    "access:agent_queue",
    "access:agent_grants",
    "access:agent_letters",
    "exception_drugs:agent_queue",
    "exception_drugs:agent_record",
    "exception_drugs:agent_audit",
    "exception_drugs:agent_indicators",
    "messaging:queue",
    "privacy:insured_requests",
]


def agent_pages() -> list[str]:
    return [reverse(name) for name in AGENT_PAGES]


class _FormReader(HTMLParser):
    """The fields a browser would submit from the first form with the given id."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag == "form" and attr.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attr.get("name", "")
        if tag == "input" and name and "disabled" not in attr:
            kind = attr.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attr:
                    self.data.setdefault(name, []).append(attr.get("value", "on"))
            elif kind not in {"submit", "button", "file"}:
                self.data.setdefault(name, []).append(attr.get("value", ""))
        elif tag == "select" and name:
            self.select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self.select and "selected" in attr:
            self.data[self.select].append(attr.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = [""]

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.data[self.textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def form_data(html: str, form_id: str) -> dict[str, Any]:
    """What submitting the form unchanged would send (text fields, ticked boxes, selections)."""
    reader = _FormReader(form_id)
    reader.feed(html)
    return {k: v if len(v) != 1 else v[0] for k, v in reader.data.items()}
