"""Secure messaging in a real Chromium: a pharmacist writes with an attachment, an agent of the
team answers, the pharmacist sees the unread reply (issue 6)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyotp
import pytest
from playwright.sync_api import expect

from sel.messaging.catalogue import messaging_catalogue_load
from sel.messaging.models import Attachment, Subject, Team
from tests.e2e.conftest import axe_violations, describe
from tests.factories.accounts import AGENT_TOTP_SECRET, DEFAULT_PASSWORD, UserFactory
from tests.factories.messaging import messaging_agent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def log_in(page: Any, base: str, username: str, *, totp_secret: str | None = None) -> None:
    page.goto(base + "/compte/connexion/")
    page.get_by_label("Nom d'utilisateur (IP ou CE) ou alias").fill(username)
    page.get_by_label("Mot de passe").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    if totp_secret:
        page.get_by_label("Code de votre application").fill(pyotp.TOTP(totp_secret).now())
        page.get_by_role("button", name="Continuer").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_have_count(1)


def log_out(page: Any) -> None:
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_have_count(0)


def test_a_pharmacist_writes_with_an_attachment_an_agent_answers_the_reply_shows_unread(
    live_server: Any, browser_page: Any, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "private"
    messaging_catalogue_load(Team, Subject)
    pharmacist = UserFactory(username="IP100901", role="pharmacist", first_name="Marie")
    agent = messaging_agent(teams=["services-en-ligne"], username="CE900901")
    agent.totp_secret = AGENT_TOTP_SECRET
    agent.totp_confirmed_at = pharmacist.date_joined
    agent.save()
    form_4313 = tmp_path / "formulaire-4313.pdf"
    form_4313.write_bytes(PDF)
    page, base = browser_page, live_server.url

    log_in(page, base, pharmacist.username)
    page.get_by_role("link", name="Messagerie").click()
    page.get_by_role("link", name="Écrire un message").click()
    page.get_by_label("Objet").select_option(label="Accès aux services en ligne")
    page.get_by_label("Titre").fill("Accès de mon technicien")
    page.get_by_role("textbox", name="Message", exact=True).fill(
        "Mon technicien peut-il consulter les demandes?"
    )
    page.get_by_label("Pièces jointes").set_input_files(str(form_4313))
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_text("Votre message a été transmis à la Régie.")).to_be_visible()
    expect(page.get_by_role("link", name="formulaire-4313.pdf")).to_be_visible()
    log_out(page)

    log_in(page, base, agent.username, totp_secret=AGENT_TOTP_SECRET)
    page.goto(base + "/messagerie/")  # agents land on their team's queue
    expect(page.get_by_role("heading", name="File des messages")).to_be_visible()
    page.get_by_role("link", name="Accès de mon technicien").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="formulaire-4313.pdf").click()
    assert Path(download.value.path()).read_bytes() == PDF
    page.get_by_label("Votre réponse").fill("Oui : remplissez le formulaire 4313, section 2.")
    page.get_by_role("button", name="Envoyer la réponse").click()
    expect(page.get_by_text("Votre réponse a été envoyée.")).to_be_visible()
    log_out(page)

    log_in(page, base, pharmacist.username)
    page.get_by_role("link", name="Messagerie").click()
    row = page.get_by_role("row", name="Accès de mon technicien")
    expect(row.get_by_text("1 non lu")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    row.get_by_role("link", name="Accès de mon technicien").click()
    reply = page.locator(".message-item.from-regie")
    expect(reply.get_by_text("Oui : remplissez le formulaire 4313, section 2.")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.get_by_role("link", name="Mes échanges").click()
    expect(page.get_by_role("row", name="Accès de mon technicien")).to_be_visible()
    expect(page.get_by_text("1 non lu")).to_have_count(0)
    assert Attachment.objects.count() == 1
