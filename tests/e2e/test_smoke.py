from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_in_french_then_english_with_no_accessibility_violation(
    live_server: Any, browser_page: Any
) -> None:
    page = browser_page
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "fr-CA"
    assert page.get_by_role("link", name="Passer au contenu principal").count() == 1
    assert page.get_by_role("contentinfo").get_by_text("1 888 883-7427").is_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert (
        page.get_by_role("contentinfo")
        .get_by_role("heading", name="Other professionals")
        .is_visible()
    )
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    page.get_by_role("button", name="Français").click()
    assert page.locator("html").get_attribute("lang") == "fr-CA"


def test_skip_link_moves_focus_to_the_main_content(live_server: Any, browser_page: Any) -> None:
    page = browser_page
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Passer au contenu principal"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
