"""Chromium, in French: an agent of the privacy office opens « Demandes d'accès d'un assuré » from
the home page, answers a request with a NAM that a vendor's training client read through the B2B
API, sees the call labelled training, and downloads the CSV. Each page passes axe (WCAG 2.1
A/AA)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.e2e.test_exception_drugs_cycle import act_as, assert_accessible
from tests.factories.b2b import API, bearer, person, vendor_client
from tests.factories.privacy import privacy_agent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_privacy_office_answers_an_insured_persons_request(
    live_server: Any, browser_page: Any
) -> None:
    page = browser_page
    person(environment="training")
    client, secret = vendor_client(environment="training")
    call = Client().post(
        f"{API}/eligibility",
        json.dumps({"nam": "TREJ80010112", "service_date": "2026-03-01"}),
        content_type="application/json",
        **bearer(client, secret),
    )
    assert call.status_code == 200
    act_as(page, live_server, privacy_agent())
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Demandes d'accès d'un assuré").click()
    expect(page.get_by_role("heading", name="Demandes d'accès d'un assuré")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Référence de la demande").fill("AIPRP-2026-0042")
    page.get_by_label("Date de réception de la demande").fill("2026-03-02")
    page.get_by_label("Numéro d'assurance maladie").fill("TREJ 8001 0112")
    page.get_by_label("Nom de famille du demandeur").fill("Tremblay")
    page.get_by_label("Prénom du demandeur").fill("Jean")
    page.get_by_label("Date de naissance du demandeur").fill("1980-01-01")
    page.get_by_role("button", name="Chercher les lectures").click()
    expect(page.get_by_text("1 lecture trouvée.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=client.client_id)
    expect(row).to_contain_text("Formation (bac à sable)")
    expect(row).to_contain_text("LOGICIELS SANTÉ INC.")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Télécharger (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == "lectures-nam-AIPRP-2026-0042-fr-ca.csv"
    with open(download.path(), encoding="utf-8-sig") as exported:
        text = exported.read()
    assert client.client_id in text and "Formation (bac à sable)" in text


def test_an_identity_the_nam_contradicts_is_shown_accessibly_and_kept(
    live_server: Any, browser: Any
) -> None:
    """The refusal answers 400, which Chromium logs as a failed load of the page itself: that one
    line is expected; any other console error fails the test, as in ``browser_page``."""
    context = browser.new_context(locale="fr-CA")
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error" and "status of 400" not in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        act_as(page, live_server, privacy_agent())
        page.goto(live_server.url + "/vie-privee/regie/demandes-assures/")
        page.get_by_label("Référence de la demande").fill("AIPRP-2026-0042")
        page.get_by_label("Date de réception de la demande").fill("2026-03-02")
        page.get_by_label("Numéro d'assurance maladie").fill("TREJ 8001 0112")
        page.get_by_label("Nom de famille du demandeur").fill("Tremblay")
        page.get_by_label("Prénom du demandeur").fill("Paul")
        page.get_by_label("Date de naissance du demandeur").fill("1980-01-01")
        page.get_by_role("button", name="Chercher les lectures").click()
        # The NAM's initial is J: the summary links to the field, which keeps what was typed.
        expect(
            page.get_by_role("link", name="Prénom du demandeur : La 4e lettre (J)")
        ).to_be_visible()
        expect(page.get_by_label("Prénom du demandeur")).to_have_value("Paul")
        expect(page.get_by_label("Nom de famille du demandeur")).to_have_value("Tremblay")
        assert_accessible(page)
    finally:
        context.close()
    assert problems == []
