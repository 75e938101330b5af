"""Every link a demo user sees opens: as a visitor and logged in as each account of README's demo
table, follow the links of the pages they reach (GET only, on the portal itself) and expect no
server error, no missing page and no bare refusal. A link shown to someone who may not follow it,
or a page that answers 500 once real demo data is behind it, is what a newcomer meets first."""

from __future__ import annotations

import re
from collections import deque
from html import unescape
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from sel.accounts.models import User
from tests.conftest import login

# README's demo table (every account but the first-login one, whose first page is the forced
# password change).
DEMO_USERNAMES = [
    "IP100001",
    "IP100002",
    "CE200001",
    "CE200002",
    "CE200005",
    "CE200006",
    "CE200003",
    "CE200004",
    "CE900001",
    "CE200020",
    "CE200021",
    "IP100020",
    "IP100021",
]
HREF = re.compile(r'<a\b[^>]*\bhref="([^"]+)"', re.IGNORECASE)
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.IGNORECASE | re.DOTALL)
FIELD_NAME = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"', re.IGNORECASE)
ACTION = re.compile(r'\baction="([^"]*)"', re.IGNORECASE)
# What a hand-edited address or a careless script puts in a filter.
GARBAGE = ["'\"<script>", "-1", "99999999999999999999", "2026-02-30", "%00", "é" * 300]
# Not followed: leaving the session, static files, the staff console (its own tests), the API's
# machine endpoints (tested with a token in tests/b2b) and the language switch's redirect.
SKIPPED = ("/compte/deconnexion", "/static/", "/media/", "/gestion/", "/api/", "/i18n/")
PAGES_PER_USER = 120


def _links(path: str, body: str) -> list[str]:
    found = []
    for raw in HREF.findall(body):
        href = urldefrag(unescape(raw)).url
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href or href.startswith(("mailto:", "tel:")):
            continue
        if not href.startswith("/"):
            href = path.rsplit("/", 1)[0] + "/" + href
        if not href.startswith(SKIPPED):
            found.append(href)
    return found


Form = tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]]
HIDDEN_ACTION = re.compile(r'<input[^>]*type="hidden"[^>]*name="action"[^>]*value="([^"]*)"')


def _forms(path: str, body: str, method: str) -> set[Form]:
    """The forms of a page sent with ``method``: where they go, their fields, and the decision
    a hidden ``action`` field names (kept as the page has it)."""
    forms = set()
    for attributes, inner in FORM.findall(body):
        if ('method="post"' in attributes.lower()) != (method == "post"):
            continue
        action = ACTION.search(attributes)
        target = unescape(action.group(1)) if action and action.group(1) else path.split("?")[0]
        names = tuple(sorted(set(FIELD_NAME.findall(inner)) - {"csrfmiddlewaretoken", "action"}))
        hidden = tuple(("action", value) for value in HIDDEN_ACTION.findall(inner)[:1])
        if (names or hidden) and target.startswith("/") and not target.startswith(SKIPPED):
            forms.add((target, names, hidden))
    return forms


def _crawl(client: Client, forms: dict[str, set[Form]] | None = None) -> tuple[int, list[str]]:
    """Visits pages breadth first from the home page; returns how many and what went wrong, and
    adds the forms met to ``forms`` by method ("get", "post")."""
    seen: set[str] = {"/"}
    queue: deque[tuple[str, str]] = deque([("/", "(start)")])
    problems: list[str] = []
    visited = 0
    while queue and visited < PAGES_PER_USER:
        path, found_on = queue.popleft()
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="fr-CA")
        visited += 1
        hops = 0
        while response.status_code in (301, 302) and hops < 5:
            location = response["Location"]
            if urlsplit(location).netloc or location.startswith(SKIPPED):
                break
            response = client.get(location, HTTP_ACCEPT_LANGUAGE="fr-CA")
            hops += 1
        if response.status_code == 403 and "Accès au service requis" in response.content.decode():
            # A service of the person's profession they hold no grant for (the navigation offers
            # it by role): the page names it and leads to the access request. Not a dead end.
            continue
        if response.status_code >= 400:
            problems.append(f"{path} → {response.status_code} (link on {found_on})")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        if forms is not None:
            for method, met in forms.items():
                met |= _forms(path, response.content.decode(), method)
        for href in _links(path, response.content.decode()):
            if href not in seen:
                seen.add(href)
                queue.append((href, path))
    return visited, problems


@pytest.mark.django_db
def test_every_link_a_demo_user_sees_opens(settings: Any) -> None:
    settings.DEBUG = True  # the demo data loads on development machines only
    call_command("demo_data", verbosity=0)
    settings.DEBUG = False
    report: dict[str, list[str]] = {}
    for username in ["(visitor)", *DEMO_USERNAMES]:
        client = Client()
        if username != "(visitor)":
            login(client, User.objects.get(username=username))
        visited, problems = _crawl(client)
        assert visited > 3, f"{username} reached only {visited} pages"
        if problems:
            report[username] = problems
    assert not report, "\n".join(
        f"{user}: {problem}" for user, rows in report.items() for problem in rows
    )


def _forms_of_each_demo_account() -> list[tuple[str, Client, dict[str, set[Form]]]]:
    """Each demo account (and a visitor) with their client and the forms their walk met."""
    walks = []
    for username in ["(visitor)", *DEMO_USERNAMES]:
        client = Client()
        if username != "(visitor)":
            login(client, User.objects.get(username=username))
        forms: dict[str, set[Form]] = {"get": set(), "post": set()}
        _crawl(client, forms)
        walks.append((username, client, forms))
    return walks


@pytest.mark.django_db
def test_every_form_a_demo_user_sees_answers_garbage_without_a_server_error(
    settings: Any,
) -> None:
    """Each form a demo account meets, sent with what a hand-edited address or a careless script
    holds: each search field in turn, every field of a posted form at once (its decision kept).
    A clear answer (the page, a 400 with its message, a redirect), never a 500."""
    settings.DEBUG = True
    call_command("demo_data", verbosity=0)
    settings.DEBUG = False
    problems = []
    tried = 0
    for username, client, forms in _forms_of_each_demo_account():
        for target, names, _hidden in sorted(forms["get"]):
            for name in names:
                for value in GARBAGE:
                    tried += 1
                    response = client.get(target, {name: value}, HTTP_ACCEPT_LANGUAGE="fr-CA")
                    if response.status_code >= 500:
                        problems.append(f"{username}: GET {target}?{name}={value[:20]!r}")
        for target, names, hidden in sorted(forms["post"]):
            for value in GARBAGE:
                tried += 1
                data = {**{name: value for name in names}, **dict(hidden)}
                if client.post(target, data, HTTP_ACCEPT_LANGUAGE="fr-CA").status_code >= 500:
                    problems.append(f"{username}: POST {target} {data}"[:200])
            if username != "(visitor)":  # a garbage post may have ended the session (a wait)
                login(client, User.objects.get(username=username))
    assert tried > 1000, f"only {tried} tries: the walk met too few forms"
    assert not problems, "\n".join(problems)
