"""The 503 page a back end's outage gives (docs/cluster.md), in the browser: bilingual, with no
accessibility violation."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_outage_page_says_what_happened_in_both_languages(
    live_server: Any, browser: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(*args: object, **kwargs: object) -> None:
        raise OperationalError("the database is restarting")

    monkeypatch.setattr("django.contrib.auth.get_user", down)
    # browser_page fails on any console error; here the page's own 503 is one, and the only one
    # allowed (its style sheet, a CSP violation or a script error would still fail the test).
    context = browser.new_context(locale="fr-CA")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(live_server.url + "/")
    assert response is not None and response.status == 503
    expect(page.get_by_role("heading", name="Service momentanément indisponible")).to_be_visible()
    expect(page.get_by_role("heading", name="Service unavailable for a moment")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    context.close()
    assert errors == [
        "Failed to load resource: the server responded with a status of 503 (Service Unavailable)"
    ]
