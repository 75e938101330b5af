"""Issue #12, "Done when": in Chromium, each user type of form 4313 (assistant, nurse,
technician) goes from the public form to a consultation that shows the requests of the
professional who vouched for them; a professional registers with a PIN and consults at once; a
dispenser's employee goes from the SELAT form (item 12) to the page their access opens."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import expect

from sel.accounts.models import Role
from tests.conftest import login
from tests.e2e.conftest import axe_violations, describe
from tests.e2e.test_access_request_path import (
    NEW_PASSWORD,
    answer_secret_questions,
    approved_then_first_login,
    emailed,
    fill,
    fill_4313_user_section,
    local,
    sign_4313_authorizer_section,
    sign_on_canvas,
)
from tests.factories import (
    AgentFactory,
    DrugFactory,
    ExceptionRequestFactory,
    InsuredPersonFactory,
    UserFactory,
    professions,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _consult(page: Any, live_server: Any, *, nam: str, din: str) -> None:
    page.goto(live_server.url + "/medicaments-exception/")
    page.locator("#id_nam").fill(nam)
    page.locator("#id_drug").fill(din)
    page.locator("main form button[type=submit]").click()


@pytest.mark.parametrize(
    ("function", "authorizer_function", "authorizer_role"),
    [
        ("Adjoint administratif", "Professionnel de la santé", Role.PRESCRIBER),
        ("Infirmier", "Professionnel de la santé", Role.PRESCRIBER),
        ("Technicien en pharmacie", "Pharmacien propriétaire", Role.PHARMACIST),
    ],
)
def test_a_4313_user_goes_from_the_public_form_to_the_authorizers_requests(
    live_server: Any,
    browser_page: Any,
    function: str,
    authorizer_function: str,
    authorizer_role: str,
) -> None:
    authorizer = UserFactory.create(
        role=authorizer_role, practice_number="123456", first_name="Marc", last_name="GAGNON"
    )
    other = UserFactory.create(role=Role.PRESCRIBER, practice_number="654321")
    drug, person = DrugFactory(), InsuredPersonFactory()
    theirs = ExceptionRequestFactory.create(
        insured_person=person,
        drug=drug,
        prescriber=authorizer if authorizer_role == Role.PRESCRIBER else other,
    )
    not_theirs = ExceptionRequestFactory.create(insured_person=person, drug=drug, prescriber=other)

    page = browser_page
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Demander un accès").click()
    page.get_by_role("link", name=re.compile("4313")).click()
    fill_4313_user_section(
        page,
        organization_name="clinique du quartier",
        authorizer_email="marc.gagnon@exemple.qc.ca",
        function=function,
    )
    sign_on_canvas(page)
    page.get_by_role("button", name="Signer et transmettre").click()
    expect(page.get_by_role("heading", name="Vérifiez votre boîte de courriel")).to_be_visible()
    page.goto(
        local(
            emailed("julie.tremblay@exemple.qc.ca", "link", "access/user_email_confirm"),
            live_server,
        )
    )
    page.get_by_role("button", name="Confirmer mon adresse").click()
    page.goto(
        local(emailed("marc.gagnon@exemple.qc.ca", "link", "access/authorizer_sign"), live_server)
    )
    sign_4313_authorizer_section(page, function=authorizer_function)

    # The agent approves (section 4); the user logs in with the temporary password, then consults.
    until = approved_then_first_login(page, live_server, email="julie.tremblay@exemple.qc.ca")
    _consult(page, live_server, nam=person.nam, din=drug.din)
    results = page.locator("section.results")
    expect(results).to_contain_text(theirs.reference)
    if authorizer_role == Role.PRESCRIBER:
        expect(results).not_to_contain_text(not_theirs.reference)
    # Whom they work for, until when.
    page.goto(live_server.url + "/medicaments-exception/delegations/")
    expect(page.get_by_role("heading", name="Pour qui vous travaillez")).to_be_visible()
    expect(page.locator("main table")).to_contain_text("GAGNON")
    expect(page.locator("main table")).to_contain_text(until.isoformat())


def test_a_professional_registers_with_the_pin_and_consults_at_once(
    live_server: Any, browser_page: Any
) -> None:
    professions()
    agent = Client()
    login(agent, AgentFactory())
    response = agent.post(
        "/compte/soutien/nip/",
        {
            "practice_number": "246810",
            "first_name": "Chloé",
            "last_name": "Nadeau",
            "email": "chloe@exemple.qc.ca",
            "profession": "pharmacien",
            "reason": "Nouvelle pharmacienne inscrite à l'Ordre",
        },
    )
    assert response.status_code == 302
    pin = emailed("chloe@exemple.qc.ca", "pin", "accounts/registration_pin")
    drug, person = DrugFactory(), InsuredPersonFactory()
    request = ExceptionRequestFactory.create(insured_person=person, drug=drug)

    page = browser_page
    page.goto(live_server.url + "/compte/connexion/")
    page.get_by_role("link", name=re.compile("s'inscrire avec un NIP")).click()
    page.locator("#id_practice_number").fill("246810")
    page.locator("#id_pin").fill(pin)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.locator("main form button[type=submit]").click()
    answer_secret_questions(page)
    _consult(page, live_server, nam=person.nam, din=drug.din)
    expect(page.locator("section.results")).to_contain_text(request.reference)


def _accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_a_selat_user_goes_from_the_public_form_to_the_page_their_access_opens(
    live_server: Any, browser_page: Any
) -> None:
    page = browser_page
    page.goto(live_server.url + "/")
    page.get_by_role(
        "link", name="Service en ligne des aides techniques (SELAT)", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("SELAT")
    _accessible(page)
    fill(
        page,
        last_name="martin",
        first_name="léa",
        organization_name="laboratoire d'orthèses du fleuve",
        organization_number="54321",
        address="12 rue du fleuve",
        postal_code="g5l 1a1",
        phone="418 555-0142",
        email="lea.martin@orthesesfleuve.qc.ca",
        authorizer_email="andre.levesque@orthesesfleuve.qc.ca",
    )
    page.locator("input[name=sex][value=F]").check()
    page.get_by_label("Personnel administratif du dispensateur").check()
    page.locator("#id_commitment").check()
    sign_on_canvas(page)
    page.get_by_role("button", name="Signer et transmettre").click()
    expect(page.get_by_role("heading", name="Vérifiez votre boîte de courriel")).to_be_visible()
    page.goto(
        local(
            emailed("lea.martin@orthesesfleuve.qc.ca", "link", "access/user_email_confirm"),
            live_server,
        )
    )
    page.get_by_role("button", name="Confirmer mon adresse").click()
    page.goto(
        local(
            emailed("andre.levesque@orthesesfleuve.qc.ca", "link", "access/authorizer_sign"),
            live_server,
        )
    )
    _accessible(page)
    fill(
        page,
        auth_last_name="lévesque",
        auth_first_name="andré",
        auth_practice_number="777888",
        auth_organization_name="laboratoire d'orthèses du fleuve",
        auth_address="12 rue du fleuve",
        auth_postal_code="G5L 1A1",
        auth_phone="418 555-0143",
    )
    page.locator("input[name=auth_sex][value=M]").check()
    page.get_by_label("Professionnel propriétaire du cabinet ou du laboratoire").check()
    page.locator("#id_commitment").check()
    sign_on_canvas(page)
    page.get_by_role("button", name="Signer et transmettre à la Régie").click()
    expect(page.get_by_role("heading", name="Demande transmise à la Régie")).to_be_visible()

    # Tracked in the processing-dates table while it waits.
    page.goto(live_server.url + "/acces/dates-de-traitement/")
    expect(page.locator("main table")).to_contain_text("SELAT")

    until = approved_then_first_login(page, live_server, email="lea.martin@orthesesfleuve.qc.ca")
    page.get_by_role(
        "link", name="Service en ligne des aides techniques (SELAT)", exact=True
    ).click()
    expect(page).to_have_url(re.compile("/acces/selat/$"))
    expect(page.locator("main table")).to_contain_text("LABORATOIRE D'ORTHÈSES DU FLEUVE")
    expect(page.locator("main table")).to_contain_text(until.isoformat())
    expect(page.get_by_role("heading", name="Où l'utiliser")).to_be_visible()
    _accessible(page)
