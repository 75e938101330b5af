"""The establishments' chain in a real Chromium, through the pages (issue #14, « Done when »):
an agent records the board resolution (from their home page's queue, the accepted access
request that designated the signatory), the *Association* user associates a professional, the
professional (with the grant of the payment requests) submits a request, the signatory
authorizes it and the professional sees it *autorisée*; a refusal with its reason; the GMF
path with no board resolution; a change of an association's signatory, with its history (and
the agent's read-only walk to it, the request and the queue), a professional without the grant
told how to get it, and an agent linking a register entry made before the link to its access
request."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sel.access.models import ServiceCode
from sel.accounts.models import Role
from sel.establishments.models import Signatory
from tests.e2e.conftest import axe_violations, describe
from tests.e2e.test_messaging_flow import log_in, log_out
from tests.factories.accounts import AGENT_TOTP_SECRET, UserFactory
from tests.factories.establishments import (
    EstablishmentWorld,
    association_user,
    establishment_grant,
    establishments_agent,
    payment_requests_grant,
    professional,
    signatory_with_grant,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MONDAY = timezone.localdate() - timedelta(days=timezone.localdate().weekday() + 14)


def accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def record_signatory(page: Any, base: str, reference: str, function: str, resolution: bool) -> None:
    """From the agent's home page: the queue of signatories to enter, then the accepted access
    request that designated this one, which fills the form."""
    page.goto(base + "/")
    page.get_by_role("link", name="Signataires autorisés à inscrire au registre").click()
    accessible(page)
    page.get_by_role("link", name=f"Inscrire d'après {reference}").click()
    expect(page.get_by_label("Demande d'accès qui l'a désigné")).to_have_value(reference)
    page.get_by_label("Fonction").select_option(label=function)
    if resolution:
        page.get_by_label("Numéro de la résolution du conseil d'administration").fill("CA-2026-041")
        page.get_by_label("Date de la résolution").fill("2026-01-15")
    accessible(page)
    page.get_by_role("button", name="Inscrire au registre").click()
    expect(page.get_by_text("Signataire inscrit au registre.")).to_be_visible()
    expect(page.get_by_text(reference)).to_be_visible()
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
    page.get_by_role("link", name="Demandes de paiement", exact=True).click()
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
    designating = establishment_grant(
        signatory, ServiceCode.ONLINE_PAYMENT_AUTHORIZATION, number=world.cisss.number
    ).access_request
    associator = association_user(world.cisss)
    doctor = UserFactory(username="IP700020", role=Role.PROFESSIONAL, practice_number="700020")
    payment_requests_grant(doctor)
    page, base = browser_page, live_server.url

    log_in(page, base, agent.username, totp_secret=AGENT_TOTP_SECRET)
    record_signatory(
        page, base, designating.reference, "Directeur des services professionnels", True
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
    page.get_by_role("link", name="Demandes de paiement", exact=True).click()
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
    payment_requests_grant(doctor)
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
    page.get_by_role("link", name="Demandes de paiement", exact=True).click()
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_text("Refusée").first).to_be_visible()
    expect(page.get_by_text("Ces heures ont déjà été payées.").first).to_be_visible()
    accessible(page)


def test_the_gmf_path_needs_no_board_resolution(live_server: Any, browser_page: Any) -> None:
    world = EstablishmentWorld.build()
    agent = establishments_agent()
    responsible = UserFactory(username="IP700030", role=Role.PRESCRIBER, practice_number="700030")
    designating = establishment_grant(
        responsible, ServiceCode.ONLINE_PAYMENT_AUTHORIZATION, number=world.gmf.number
    ).access_request
    establishment_grant(
        responsible, ServiceCode.AUTHORIZER_PROFESSIONAL_ASSOCIATION, number=world.gmf.number
    )
    doctor = UserFactory(username="IP700031", role=Role.PROFESSIONAL, practice_number="700031")
    payment_requests_grant(doctor)
    page, base = browser_page, live_server.url

    log_in(page, base, agent.username, totp_secret=AGENT_TOTP_SECRET)
    record_signatory(page, base, designating.reference, "Médecin responsable du GMF", False)
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
    page.get_by_role("link", name="Demandes de paiement", exact=True).click()
    expect(page.get_by_role("row").filter(has_text=reference)).to_contain_text("Autorisée")


def test_a_change_of_signatory_moves_the_queue_and_shows_in_the_history(
    live_server: Any, browser_page: Any
) -> None:
    world = EstablishmentWorld.build()
    first = signatory_with_grant(world.cisss)
    second = signatory_with_grant(world.cisss)
    associator = association_user(world.cisss)
    doctor = UserFactory(username="IP700040", role=Role.PROFESSIONAL, practice_number="700040")
    payment_requests_grant(doctor)
    page, base = browser_page, live_server.url

    log_in(page, base, associator.username)
    associate(page, base, world.hospital.number, "IP700040", first.user.username)
    log_out(page)
    log_in(page, base, doctor.username)
    reference = submit_request(page, base, world.hospital.number)
    log_out(page)

    log_in(page, base, associator.username)
    page.goto(base + "/")
    page.get_by_role(
        "link", name="Association entre le responsable de l'autorisation et le professionnel"
    ).click()
    page.get_by_role("link", name=f"Modifier l'association de {doctor.get_full_name()}").click()
    accessible(page)
    field = page.get_by_label("Nom d'utilisateur du signataire autorisé")
    expect(field).to_have_value(first.user.username)
    field.fill(second.user.username)
    page.get_by_role("button", name="Enregistrer les changements").click()
    expect(page.get_by_text("Association modifiée")).to_be_visible()
    history = page.get_by_role("table")
    expect(history).to_contain_text("Modifiée")
    expect(history).to_contain_text(f"{second.user.get_full_name()} ({second.user.username})")
    accessible(page)
    log_out(page)

    log_in(page, base, second.user.username)
    open_from_queue(page, base, reference)
    log_out(page)

    # The Régie's agent walks from the establishment to the association's history, then to
    # the request and the new signatory's queue (issue #14, section 5), read-only.
    agent = establishments_agent("view_establishment_data")
    log_in(page, base, agent.username, totp_secret=AGENT_TOTP_SECRET)
    page.goto(base + "/")
    page.get_by_role("link", name="Établissements", exact=True).click()
    page.get_by_role("link", name=world.cisss.number, exact=True).click()
    accessible(page)
    page.get_by_role(
        "link",
        name=f"Association de {doctor.get_full_name()} à l'installation {world.hospital.number}",
    ).click()
    history = page.get_by_role("table").first
    expect(history).to_contain_text("Créée")
    expect(history).to_contain_text("Modifiée")
    expect(history).to_contain_text(f"{associator.get_full_name()} ({associator.username})")
    expect(history).to_contain_text(f"{second.user.get_full_name()} ({second.user.username})")
    accessible(page)
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", name=reference)).to_be_visible()
    accessible(page)
    page.get_by_role("link", name=f"File de {second.user.get_full_name()}").click()
    expect(page.get_by_role("link", name=reference)).to_be_visible()
    accessible(page)
    log_out(page)


def test_a_professional_without_the_grant_is_told_how_to_get_it(
    live_server: Any, browser: Any
) -> None:
    EstablishmentWorld.build()
    doctor = professional(granted=False, username="IP700050")
    # browser_page fails on any console error; here the page's own 403 is one, and the only one
    # allowed (a CSP violation or a script error would still fail the test).
    context = browser.new_context(locale="fr-CA")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    base = live_server.url
    log_in(page, base, doctor.username)
    page.get_by_role("link", name="Demandes de paiement", exact=True).click()
    expect(page.get_by_role("heading", name="Accès au service requis")).to_be_visible()
    expect(page.get_by_text("Demandes de paiement par le Web")).to_be_visible()
    expect(page.get_by_role("heading", name="Comment obtenir l'accès")).to_be_visible()
    accessible(page)
    context.close()
    assert errors == [
        "Failed to load resource: the server responded with a status of 403 (Forbidden)"
    ]


def test_an_agent_links_an_entry_made_before_the_link(live_server: Any, browser_page: Any) -> None:
    world = EstablishmentWorld.build()
    person = UserFactory(
        username="CE700050", role=Role.ESTABLISHMENT_STAFF, first_name="Luc", last_name="Roy"
    )
    reference = establishment_grant(
        person, ServiceCode.ONLINE_PAYMENT_AUTHORIZATION, number=world.cisss.number
    ).access_request.reference
    agent = establishments_agent()
    Signatory.objects.create(
        user=person,
        establishment=world.cisss,
        function="dg",
        resolution_number="CA-2019-007",
        recorded_by=agent,
    )
    page, base = browser_page, live_server.url

    log_in(page, base, agent.username, totp_secret=AGENT_TOTP_SECRET)
    page.goto(base + "/")
    page.get_by_role("link", name="Établissements", exact=True).click()
    page.get_by_role("link", name=world.cisss.number, exact=True).click()
    page.get_by_role("link", name="Lier l'inscription de Luc Roy à sa demande d'accès").click()
    accessible(page)
    # (A refusal answers 400, which Chromium logs as a console error: tests/establishments
    # test_register_link.py checks them over HTTP.)
    field = page.get_by_label("Demande d'accès qui l'a désigné")
    page.get_by_role("link", name=f"Choisir {reference}").click()
    expect(field).to_have_value(reference)
    page.get_by_role("button", name="Lier à cette demande d'accès").click()
    expect(
        page.get_by_text("Inscription liée à la demande d'accès qui l'a désigné.")
    ).to_be_visible()
    expect(page.get_by_role("cell", name=reference)).to_be_visible()
    accessible(page)
