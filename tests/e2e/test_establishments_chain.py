"""The establishments' chain in a real Chromium, through the pages (issue #14, « Done when »):
an agent records the board resolution, the *Association* user associates a professional, the
professional submits a request, the signatory authorizes it and the professional sees it
*autorisée*; a refusal with its reason; the GMF path with no board resolution."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sel.access.models import ServiceCode
from sel.accounts.models import Role
from tests.e2e.conftest import axe_violations, describe
from tests.e2e.test_messaging_flow import log_in, log_out
from tests.factories.accounts import AGENT_TOTP_SECRET, UserFactory
from tests.factories.establishments import (
    EstablishmentWorld,
    association_user,
    establishment_grant,
    establishments_agent,
    signatory_with_grant,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MONDAY = timezone.localdate() - timedelta(days=timezone.localdate().weekday() + 14)


def accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def record_signatory(
    page: Any, base: str, username: str, number: str, function: str, resolution: bool
) -> None:
    page.goto(base + "/etablissements/regie/")
    accessible(page)
    page.get_by_role("link", name="Inscrire un signataire autorisé").click()
    page.get_by_label("Nom d'utilisateur du signataire").fill(username)
    page.get_by_label("Numéro de l'établissement ou du GMF").fill(number)
    page.get_by_label("Fonction").select_option(label=function)
    if resolution:
        page.get_by_label("Numéro de la résolution du conseil d'administration").fill("CA-2026-041")
        page.get_by_label("Date de la résolution").fill("2026-01-15")
    accessible(page)
    page.get_by_role("button", name="Inscrire au registre").click()
    expect(page.get_by_text("Signataire inscrit au registre.")).to_be_visible()
    accessible(page)


def associate(page: Any, base: str, installation: str, professional: str, signatory: str) -> None:
    page.goto(base + "/")
    page.get_by_role(
        "link", name="Association entre le responsable de l'autorisation et le professionnel"
    ).click()
    accessible(page)
    page.get_by_role("link", name="Nouvelle association").click()
    page.get_by_label("Numéro de l'installation").fill(installation)
    page.locator("#id_professional").fill(professional)
    page.get_by_label("Nom d'utilisateur du signataire autorisé").fill(signatory)
    page.get_by_label("À partir du").fill((MONDAY - timedelta(days=30)).isoformat())
    accessible(page)
    page.get_by_role("button", name="Associer").click()
    expect(page.get_by_text("Association créée")).to_be_visible()
    accessible(page)


def submit_request(page: Any, base: str, installation: str) -> str:
    page.goto(base + "/")
    page.get_by_role("link", name="Demandes de paiement").click()
    page.get_by_role("link", name="Nouvelle demande de paiement").click()
    page.get_by_label("Numéro de l'installation").fill(installation)
    page.get_by_label("Mode de rémunération").select_option(label="Tarif horaire")
    page.get_by_label("Début de la période").fill(MONDAY.isoformat())
    page.get_by_label("Fin de la période").fill((MONDAY + timedelta(days=6)).isoformat())
    page.locator("#id_lines-0-day").fill(MONDAY.isoformat())
    page.locator("#id_lines-0-activity_code").fill("H001")
    page.locator("#id_lines-0-quantity").fill("7,5")
    accessible(page)
    page.get_by_role("button", name="Soumettre la demande").click()
    expect(page.get_by_text("En attente d'autorisation").first).to_be_visible()
    accessible(page)
    heading = page.get_by_role("heading", level=1).inner_text()
    return heading.rsplit(" ", 1)[-1]


def open_from_queue(page: Any, base: str, reference: str) -> None:
    page.goto(base + "/")
    page.get_by_role("link", name="Autorisation des demandes de paiement en ligne").click()
    expect(page.get_by_role("heading", name="Demandes de paiement à autoriser")).to_be_visible()
    accessible(page)
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_text("965,63 $").first).to_be_visible()
    accessible(page)


def test_the_chain_from_the_board_resolution_to_an_authorized_request(
    live_server: Any, browser_page: Any
) -> None:
    world = EstablishmentWorld.build()
    agent = establishments_agent()
    signatory = UserFactory(
        username="CE700020",
        role=Role.ESTABLISHMENT_STAFF,
        first_name="Hélène",
        last_name="Lévesque",
    )
    establishment_grant(
        signatory, ServiceCode.ONLINE_PAYMENT_AUTHORIZATION, number=world.cisss.number
    )
    associator = association_user(world.cisss)
    doctor = UserFactory(username="IP700020", role=Role.PROFESSIONAL, practice_number="700020")
    page, base = browser_page, live_server.url

    log_in(page, base, agent.username, totp_secret=AGENT_TOTP_SECRET)
    record_signatory(
        page, base, "CE700020", world.cisss.number, "Directeur des services professionnels", True
    )
    expect(page.get_by_text("CA-2026-041")).to_be_visible()
    log_out(page)

    log_in(page, base, associator.username)
    associate(page, base, world.hospital.number, "700020", "CE700020")
    log_out(page)

    log_in(page, base, doctor.username)
    reference = submit_request(page, base, world.hospital.number)
    log_out(page)

    log_in(page, base, signatory.username)
    open_from_queue(page, base, reference)
    page.get_by_role("button", name="Autoriser", exact=True).click()
    expect(page.get_by_text("Demande autorisée.")).to_be_visible()
    accessible(page)
    log_out(page)

    log_in(page, base, doctor.username)
    page.get_by_role("link", name="Demandes de paiement").click()
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("Autorisée")
    expect(row).to_contain_text("Hélène Lévesque")


def test_a_refusal_with_its_reason_reaches_the_professional(
    live_server: Any, browser_page: Any
) -> None:
    world = EstablishmentWorld.build()
    signatory = signatory_with_grant(world.cisss)
    associator = association_user(world.cisss)
    doctor = UserFactory(username="IP700021", role=Role.PROFESSIONAL, practice_number="700021")
    page, base = browser_page, live_server.url

    log_in(page, base, associator.username)
    associate(page, base, world.hospital.number, "IP700021", signatory.user.username)
    log_out(page)
    log_in(page, base, doctor.username)
    reference = submit_request(page, base, world.hospital.number)
    log_out(page)

    log_in(page, base, signatory.user.username)
    open_from_queue(page, base, reference)
    page.get_by_label("Motif").fill("Ces heures ont déjà été payées.")
    page.get_by_role("button", name="Refuser").click()
    expect(page.get_by_text("Demande refusée.")).to_be_visible()
    log_out(page)

    log_in(page, base, doctor.username)
    page.get_by_role("link", name="Demandes de paiement").click()
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_text("Refusée").first).to_be_visible()
    expect(page.get_by_text("Ces heures ont déjà été payées.").first).to_be_visible()
    accessible(page)


def test_the_gmf_path_needs_no_board_resolution(live_server: Any, browser_page: Any) -> None:
    world = EstablishmentWorld.build()
    agent = establishments_agent()
    responsible = UserFactory(username="IP700030", role=Role.PRESCRIBER, practice_number="700030")
    establishment_grant(
        responsible, ServiceCode.ONLINE_PAYMENT_AUTHORIZATION, number=world.gmf.number
    )
    establishment_grant(
        responsible, ServiceCode.AUTHORIZER_PROFESSIONAL_ASSOCIATION, number=world.gmf.number
    )
    doctor = UserFactory(username="IP700031", role=Role.PROFESSIONAL, practice_number="700031")
    page, base = browser_page, live_server.url

    log_in(page, base, agent.username, totp_secret=AGENT_TOTP_SECRET)
    record_signatory(page, base, "IP700030", world.gmf.number, "Médecin responsable du GMF", False)
    expect(page.get_by_text("Non requise")).to_be_visible()
    log_out(page)

    log_in(page, base, responsible.username)
    associate(page, base, world.gmf_site.number, "IP700031", "IP700030")
    log_out(page)
    log_in(page, base, doctor.username)
    reference = submit_request(page, base, world.gmf_site.number)
    log_out(page)

    log_in(page, base, responsible.username)
    open_from_queue(page, base, reference)
    page.get_by_role("button", name="Autoriser", exact=True).click()
    expect(page.get_by_text("Demande autorisée.")).to_be_visible()
    log_out(page)
    log_in(page, base, doctor.username)
    page.get_by_role("link", name="Demandes de paiement").click()
    expect(page.get_by_role("row").filter(has_text=reference)).to_contain_text("Autorisée")
