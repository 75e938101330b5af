from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_in_french_then_english_with_no_accessibility_violation(
    live_server: Any, browser_page: Any
) -> None:
    page = browser_page
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "fr-CA")
    expect(page.get_by_role("link", name="Passer au contenu principal")).to_have_count(1)
    expect(page.get_by_role("contentinfo").get_by_text("1 888 883-7427")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(
        page.get_by_role("contentinfo").get_by_role("heading", name="Other professionals")
    ).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    page.get_by_role("button", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr-CA")


def test_skip_link_moves_focus_to_the_main_content(live_server: Any, browser_page: Any) -> None:
    page = browser_page
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Passer au contenu principal")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#contenu")).to_be_focused()
