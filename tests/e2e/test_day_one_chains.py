"""Issue #12, "Done when": in Chromium, each user type of form 4313 (assistant, nurse,
technician) goes from the public form to a consultation that shows the requests of the
professional who vouched for them; a professional registers with a PIN and consults at once."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from sel.access.models import AccessRequest
from sel.accounts.models import Role
from tests.conftest import login
from tests.e2e.test_access_request_path import (
    emailed,
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
    access_agent,
    professions,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "un nouveau mot de passe assez long 2026"


def _first_steps(page: Any) -> None:
    """New password, then the eight secret questions (seeds 001, 002)."""
    expect(page).to_have_url(re.compile("/compte/nouveau-mot-de-passe/"))
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.locator("main form button[type=submit]").click()
    _questions(page)


def _questions(page: Any) -> None:
    expect(page).to_have_url(re.compile("/compte/questions-secretes/"))
    for index in range(1, 9):
        page.locator(f"#id_question_{index}").select_option(f"q{index + 2:02d}")
        page.locator(f"#id_answer_{index}").fill(f"réponse numéro {index}")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))


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

    # The agent approves (section 4).
    access_request = AccessRequest.objects.get()
    agent = Client()
    login(agent, access_agent())
    until = timezone.localdate() + timedelta(days=365)
    response = agent.post(
        f"/acces/regie/demandes/{access_request.pk}/approve/", {"valid_until": until.isoformat()}
    )
    assert response.status_code == 302
    access_request.refresh_from_db()

    # The user logs in with the temporary password, then consults.
    password = emailed(
        "julie.tremblay@exemple.qc.ca", "temporary_password", "access/password_to_user"
    )
    page.goto(live_server.url + "/compte/connexion/")
    page.locator("#id_username").fill(access_request.username_issued)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    _first_steps(page)
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
    _questions(page)
    _consult(page, live_server, nam=person.nam, din=drug.din)
    expect(page.locator("section.results")).to_contain_text(request.reference)
