"""Payment requests sent by software (issue #14) in a real Chromium: the *Association* user
authorizes a vendor's client on « Logiciels autorisés à transmettre vos demandes de paiement »
(a wrong client id refused, what was typed kept), the software submits through the API, the
signatory finds the request in their queue, marked as sent by software, and authorizes it; the
status call says so; the *Association* user ends the authorization and the software's next call
is refused. Every page passes axe (WCAG 2.1 AA)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.b2b.payments_helpers import body, setting, status_of, submit
from tests.e2e.conftest import axe_violations, describe
from tests.e2e.test_messaging_flow import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE_NAME = "Logiciels autorisés à transmettre vos demandes de paiement"


def accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


@pytest.fixture
def page_allowing_a_refusal(browser: Any) -> Iterator[Any]:
    """A fresh French page as ``browser_page``, except that the refused form answers 400, which
    Chromium logs as a failed load of the page itself: that line is expected; any other console
    error fails the test."""
    context = browser.new_context(locale="fr-CA")
    page = context.new_page()
    page.set_default_timeout(10_000)
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
    yield page
    context.close()
    assert problems == []


def test_an_establishment_authorizes_software_whose_request_is_authorized_then_ends_it(
    live_server: Any, page_allowing_a_refusal: Any
) -> None:
    s = setting(authorize=False)
    page, base = page_allowing_a_refusal, live_server.url

    log_in(page, base, s.association_user.username)
    page.goto(base + "/etablissements/associations/")
    page.get_by_role("link", name=PAGE_NAME).click()
    expect(page.get_by_role("heading", name=PAGE_NAME)).to_be_visible()
    accessible(page)
    page.get_by_label("Identifiant du client B2B du logiciel (client id)").fill("pas-un-client")
    page.get_by_label("51234 HÔPITAL").check()
    page.get_by_role("button", name="Autoriser ce logiciel").click()
    expect(
        page.get_by_text("Aucun client B2B en vigueur ne porte cet identifiant.").first
    ).to_be_visible()
    expect(page.get_by_label("Identifiant du client B2B du logiciel (client id)")).to_have_value(
        "pas-un-client"
    )
    accessible(page)
    page.get_by_label("Identifiant du client B2B du logiciel (client id)").fill(s.client.client_id)
    page.get_by_label("51234 HÔPITAL").check()
    page.get_by_role("button", name="Autoriser ce logiciel").click()
    expect(page.get_by_text("Logiciel autorisé").first).to_be_visible()
    expect(page.get_by_text(s.client.client_id)).to_be_visible()
    accessible(page)
    log_out(page)

    sent = submit(s.headers, body())
    assert sent.status_code == 201, sent.content
    reference = sent.json()["reference"]

    log_in(page, base, s.signatory.user.username)
    page.goto(base + "/")
    page.get_by_role("link", name="Autorisation des demandes de paiement en ligne").click()
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_text("Transmise par un logiciel (B2B)")).to_be_visible()
    accessible(page)
    page.get_by_role("button", name="Autoriser").click()
    expect(page.get_by_text("Demande autorisée.")).to_be_visible()
    log_out(page)
    assert status_of(s.headers, reference).json()["status_fr"] == "Autorisée"

    log_in(page, base, s.association_user.username)
    page.goto(base + "/services-b2b/etablissement/logiciels/")
    page.get_by_label(
        "Je comprends que ce logiciel ne pourra plus transmettre de demande pour cette "
        "installation."
    ).check()
    page.get_by_role("button", name="Mettre fin à l'autorisation pour 51234").click()
    expect(page.get_by_text("Autorisation terminée").first).to_be_visible()
    accessible(page)
    assert submit(s.headers, body(weeks_ago=6), key="after").status_code == 403
