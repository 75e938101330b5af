"""Chromium, in French: an agent finds a SELAT claim from the home page's queue table and accepts
it; the vendor's status call, on the same live server, answers « Acceptée ». Each page passes
axe (WCAG 2.1 A/AA). (A refusal missing its English reason answers 400, which the browser
fixture counts as a console error: tests/b2b/test_claim_processing.py covers it over HTTP.)"""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.test_exception_drugs_cycle import act_as, assert_accessible
from tests.factories.b2b import aid, bearer, claim, claims_agent, person, vendor_client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_agent_accepts_a_claim_and_the_vendor_reads_acceptee(
    live_server: Any, browser_page: Any
) -> None:
    page = browser_page
    person()
    aid()
    client, secret = vendor_client(organization_name="AUDITION DU FLEUVE INC.")
    found = claim(client)
    act_as(page, live_server, claims_agent())
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Réclamations SELAT à traiter").click()
    expect(page.get_by_role("heading", name="Réclamations SELAT à traiter")).to_be_visible()
    expect(page.get_by_text("AUDITION DU FLEUVE INC.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=str(found.public_id)[:8]).click()
    expect(page.locator("#claim-status")).to_have_text("Reçue")
    assert_accessible(page)

    page.get_by_role("button", name="Accepter la réclamation").click()
    expect(page.get_by_text("Réclamation acceptée.")).to_be_visible()
    expect(page.locator("#claim-status")).to_have_text("Acceptée")
    assert_accessible(page)

    token = bearer(client, secret)["HTTP_AUTHORIZATION"]
    call = urllib.request.Request(
        f"{live_server.url}/api/b2b/v1/selat/claims/{found.public_id}",
        headers={"Authorization": token},
    )
    with urllib.request.urlopen(call, timeout=10) as answer:
        body = json.load(answer)
    assert (body["status"], body["status_fr"]) == ("accepted", "Acceptée")
