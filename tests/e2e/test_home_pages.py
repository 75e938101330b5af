"""The public and logged-in home pages in a real Chromium, in French and English, with the
design system's stylesheet loaded and no WCAG 2.1 AA violation (issue 13, items 6 to 8)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

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
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_a_newcomer_reads_the_public_home_page_in_french_and_english(
    live_server: Any, browser_page: Any
) -> None:
    from sel.access.catalogue import services_by_audience

    NewsletterFactory(title_fr="Nouvelle messagerie sécurisée", title_en="New secure messaging")
    page = browser_page
    page.goto(live_server.url + "/")
    # The design system's stylesheet applies (its 62.5 % root) and the PIV header is there.
    expect(page.locator("html")).to_have_css("font-size", "10px")
    expect(page.get_by_role("img", name="Gouvernement du Québec").first).to_be_visible()
    expect(page.get_by_role("link", name="Nouvelle messagerie sécurisée")).to_be_visible()
    for audience in AUDIENCES:
        expect(page.get_by_role("heading", name=str(audience.name), exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Obtenir l'accès")).to_be_visible()
    expect(page.get_by_role("table", name="Dates de traitement des demandes")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Centre d'assistance aux professionnels")
    ).to_be_visible()
    expect(page.locator('link[rel="alternate"][type="application/rss+xml"]')).to_have_count(1)
    _no_violation(page)

    # A service's link opens the form that grants it.
    first = services_by_audience()[0].services[0]
    page.get_by_role("link", name=first.service.name).first.click()
    expect(page).to_have_url(re.compile(re.escape(f"/acces/demande/{first.form_type.code}/") + "$"))
    page.go_back()

    _to_english(page)
    expect(page.get_by_role("heading", name="Online services by profile")).to_be_visible()
    expect(page.get_by_role("heading", name="Software vendors")).to_be_visible()
    expect(page.get_by_role("link", name="New secure messaging")).to_be_visible()
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
    expect(page.get_by_role("heading", name="Ce qui vous attend")).to_be_visible()
    card = page.locator("section.card", has=page.get_by_role("heading", name="Demandes en attente"))
    expect(card.locator(".card-count")).to_have_text("1")
    _no_violation(page)

    _to_english(page)
    expect(page.get_by_role("heading", name="What is waiting for you")).to_be_visible()
    expect(page.get_by_role("heading", name="Unread messages")).to_be_visible()
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
    expect(queues.get_by_role("link", name="Demandes d'accès à traiter")).to_be_visible()
    _no_violation(page)

    _to_english(page)
    expect(page.get_by_role("table", name="Your work queues")).to_be_visible()
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
    expect(subnav).to_have_css("list-style-type", "none")
    expect(subnav).to_have_css("display", "flex")
    _no_violation(page)
