"""The public and logged-in home pages in a real Chromium, in French and English, with the
design system's stylesheet loaded and no WCAG 2.1 AA violation (issue 13, items 6 to 8)."""

from __future__ import annotations

from typing import Any

import pytest

from sel.access.catalogue import AUDIENCES
from sel.accounts.models import Role
from tests.e2e.conftest import axe_violations, describe
from tests.e2e.test_messaging_flow import log_in
from tests.factories.access import access_agent
from tests.factories.accounts import AGENT_TOTP_SECRET, UserFactory
from tests.factories.exception_drugs import ExceptionRequestFactory, grant_exception_drugs
from tests.factories.notices import NewsletterFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_violation(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def _to_english(page: Any) -> None:
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"


def test_a_newcomer_reads_the_public_home_page_in_french_and_english(
    live_server: Any, browser_page: Any
) -> None:
    from sel.access.catalogue import services_by_audience

    NewsletterFactory(title_fr="Nouvelle messagerie sécurisée", title_en="New secure messaging")
    page = browser_page
    page.goto(live_server.url + "/")
    # The design system's stylesheet applies (its 62.5 % root) and the PIV header is there.
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "10px"
    assert page.get_by_role("img", name="Gouvernement du Québec").first.is_visible()
    assert page.get_by_role("link", name="Nouvelle messagerie sécurisée").is_visible()
    for audience in AUDIENCES:
        assert page.get_by_role("heading", name=str(audience.name), exact=True).is_visible()
    assert page.get_by_role("heading", name="Obtenir l'accès").is_visible()
    assert page.get_by_role("table", name="Dates de traitement des demandes").is_visible()
    assert page.get_by_role("heading", name="Centre d'assistance aux professionnels").is_visible()
    assert page.locator('link[rel="alternate"][type="application/rss+xml"]').count() == 1
    _no_violation(page)

    # A service's link opens the form that grants it.
    first = services_by_audience()[0].services[0]
    page.get_by_role("link", name=first.service.name).first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/acces/demande/{first.form_type.code}/")
    page.go_back()

    _to_english(page)
    assert page.get_by_role("heading", name="Online services by profile").is_visible()
    assert page.get_by_role("heading", name="Software vendors").is_visible()
    assert page.get_by_role("link", name="New secure messaging").is_visible()
    _no_violation(page)


def test_a_prescriber_sees_what_waits_in_french_and_english(
    live_server: Any, browser_page: Any
) -> None:
    prescriber = UserFactory(username="IP100701", role=Role.PRESCRIBER, first_name="Jeanne")
    grant_exception_drugs(prescriber)
    ExceptionRequestFactory(prescriber=prescriber, status="awaiting_information")
    page = browser_page
    log_in(page, live_server.url, prescriber.username)
    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", name="Ce qui vous attend").is_visible()
    card = page.locator("section.card", has=page.get_by_role("heading", name="Demandes en attente"))
    assert card.locator(".card-count").inner_text() == "1"
    _no_violation(page)

    _to_english(page)
    assert page.get_by_role("heading", name="What is waiting for you").is_visible()
    assert page.get_by_role("heading", name="Unread messages").is_visible()
    _no_violation(page)


def test_an_agent_sees_their_queues_in_french_and_english(
    live_server: Any, browser_page: Any
) -> None:
    agent = access_agent(username="CE900701")
    agent.totp_secret = AGENT_TOTP_SECRET
    agent.totp_confirmed_at = agent.date_joined
    agent.save()
    page = browser_page
    log_in(page, live_server.url, agent.username, totp_secret=AGENT_TOTP_SECRET)
    page.goto(live_server.url + "/")
    queues = page.get_by_role("table", name="Vos files de travail")
    assert queues.get_by_role("link", name="Demandes d'accès à traiter").is_visible()
    _no_violation(page)

    _to_english(page)
    assert page.get_by_role("table", name="Your work queues").is_visible()
    _no_violation(page)


def test_the_exception_drug_sub_navigation_is_not_a_bulleted_list(
    live_server: Any, browser_page: Any
) -> None:
    pharmacist = UserFactory(username="IP100702", role=Role.PHARMACIST)
    grant_exception_drugs(pharmacist)
    page = browser_page
    log_in(page, live_server.url, pharmacist.username)
    page.goto(live_server.url + "/medicaments-exception/")
    subnav = page.locator("ul.subnav")
    assert subnav.evaluate("e => getComputedStyle(e).listStyleType") == "none"
    assert subnav.evaluate("e => getComputedStyle(e).display") == "flex"
    _no_violation(page)
