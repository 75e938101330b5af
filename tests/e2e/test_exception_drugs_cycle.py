"""Chromium, in French: a prescriber submits, an agent asks for information, the prescriber
answers, the agent accepts; the assistant and a pharmacist then see « acceptée » with the period."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.test import Client
from playwright.sync_api import expect

from sel.accounts.models import Role, User
from sel.exception_drugs.models import ExceptionRequest, Status
from tests.conftest import login
from tests.e2e.conftest import axe_violations, describe
from tests.factories.accounts import AgentFactory, UserFactory
from tests.factories.exception_drugs import (
    DelegationFactory,
    DrugFactory,
    IndicationFactory,
    grant_exception_drugs,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAM = "TREM56623101"


def act_as(page: Any, live_server: Any, user: User) -> None:
    """The browser carries a session made by tests.conftest.login() (every login step done)."""
    client = Client()
    login(client, user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_submit_ask_answer_accept_then_assistant_and_pharmacist_see_it_accepted(
    live_server: Any,
    browser_page: Any,
) -> None:
    page = browser_page
    drug = DrugFactory(name="Adalimumab", din="02258595")
    IndicationFactory(drug=drug, code="RH001")
    prescriber = UserFactory(role=Role.PRESCRIBER, username="IP400001")
    assistant = UserFactory(role=Role.ADMIN_ASSISTANT, username="CE400002")
    pharmacist = UserFactory(role=Role.PHARMACIST, username="IP400003")
    for user in (prescriber, assistant, pharmacist):
        grant_exception_drugs(user)
    DelegationFactory(prescriber=prescriber, assistant=assistant)
    agent = AgentFactory()
    agent.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="exception_drugs")
    )

    act_as(page, live_server, prescriber)
    page.goto(live_server.url + "/medicaments-exception/demandes/nouvelle/")
    assert_accessible(page)
    page.get_by_label("Numéro d'assurance maladie").fill("trem 5662 3101")
    page.get_by_label("Médicament (DIN ou nom)").fill("02258595")
    page.get_by_label("Code d'indication reconnue").fill("RH001")
    page.get_by_role("button", name="Transmettre la demande").click()
    expect(page.get_by_text("transmise à la Régie")).to_be_visible()
    exception_request = ExceptionRequest.objects.get()
    reference = exception_request.reference

    act_as(page, live_server, agent)
    page.goto(f"{live_server.url}/medicaments-exception/regie/demandes/{reference}/")
    assert_accessible(page)
    page.get_by_label("Renseignements demandés").fill("Résultat du dernier bilan sanguin.")
    page.get_by_role("button", name="Demander les renseignements").click()
    expect(page.get_by_text("Décision enregistrée.")).to_be_visible()

    act_as(page, live_server, prescriber)
    page.goto(f"{live_server.url}/medicaments-exception/demandes/{reference}/")
    expect(page.get_by_text("Résultat du dernier bilan sanguin.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Votre réponse").fill("Bilan du 2026-11-01 : normal.")
    page.get_by_role("button", name="Transmettre la réponse").click()
    expect(page.get_by_text("la demande est en traitement")).to_be_visible()

    act_as(page, live_server, agent)
    page.goto(f"{live_server.url}/medicaments-exception/regie/demandes/{reference}/")
    page.get_by_label("Autorisée du").fill("2026-12-01")
    page.get_by_label("Autorisée jusqu'au").fill("2027-11-30")
    page.get_by_role("button", name="Accepter la demande").click()
    expect(page.get_by_text("Décision enregistrée.")).to_be_visible()
    exception_request.refresh_from_db()
    assert exception_request.status == Status.ACCEPTED

    for viewer in (assistant, pharmacist):
        act_as(page, live_server, viewer)
        page.goto(live_server.url + "/medicaments-exception/")
        expect(page.locator("html")).to_have_attribute("lang", "fr-CA")
        page.get_by_label("Numéro d'assurance maladie").fill(NAM)
        page.get_by_label("Médicament (DIN ou nom)").fill("Adalimumab")
        page.get_by_role("button", name="Rechercher").click()
        results = page.locator("section.results")
        expect(results.get_by_text("acceptée", exact=True)).to_be_visible()
        expect(results.get_by_text("du 2026-12-01 au 2027-11-30")).to_be_visible()
        expect(page).not_to_have_url(re.compile(NAM))
        assert_accessible(page)
