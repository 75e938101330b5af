"""The whole access-request path in Chromium: the user fills the form and signs with the mouse,
confirms their address from the emailed link, the authorizer signs from the emailed link, an
agent approves, and the user logs in with the temporary password emailed to them and reaches
« Questions secrètes »."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from sel.access.models import AccessRequest
from sel.outbox.models import OutboundEmail
from tests.conftest import login
from tests.e2e.conftest import axe_violations, describe
from tests.factories.access import access_agent

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

NEW_PASSWORD = "un nouveau mot de passe assez long 2026"


def sign_on_canvas(page: Any) -> None:
    canvas = page.locator("canvas.signature-canvas")
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + 100)
    page.mouse.down()
    for x, y in ((90, 40), (160, 110), (230, 50), (320, 90)):
        page.mouse.move(box["x"] + x, box["y"] + y, steps=5)
    page.mouse.up()
    expect(page.locator("input[name='signature_drawn']")).to_have_value(
        re.compile(r"^data:image/png;base64,")
    )


def fill(page: Any, **values: str) -> None:
    for name, value in values.items():
        page.locator(f"#id_{name}").fill(value)


def fill_4313_user_section(
    page: Any, *, organization_name: str, authorizer_email: str, function: str
) -> None:
    """Sections 1 and 2 of form 4313 as the user Julie Tremblay types them (not yet signed)."""
    fill(
        page,
        last_name="tremblay",
        first_name="julie",
        organization_name=organization_name,
        organization_number="01234",
        address="123 rue principale",
        postal_code="g1k 7t3",
        phone="418 643-8210",
        email="julie.tremblay@exemple.qc.ca",
        authorizer_email=authorizer_email,
    )
    page.locator("input[name=sex][value=F]").check()
    page.get_by_label(function).check()
    page.locator("#id_commitment").check()


def sign_4313_authorizer_section(page: Any, *, function: str) -> None:
    """Section 3 as the authorizer Marc Gagnon types it, signed and sent to the Régie."""
    fill(
        page,
        auth_last_name="gagnon",
        auth_first_name="marc",
        auth_practice_number="123456",
        auth_organization_name="pharmacie du quartier",
        auth_address="123 rue principale",
        auth_postal_code="G1K 7T3",
        auth_phone="418 643-8210",
    )
    page.locator("input[name=auth_sex][value=M]").check()
    page.get_by_label(function).check()
    page.locator("#id_commitment").check()
    sign_on_canvas(page)
    page.get_by_role("button", name="Signer et transmettre à la Régie").click()
    expect(page.get_by_role("heading", name="Demande transmise à la Régie")).to_be_visible()


def log_in_for_the_first_time(page: Any, live_server: Any, *, username: str, email: str) -> None:
    """The user logs in with the temporary password emailed to ``email`` and replaces it (seeds
    001, 002): they land on « Questions secrètes »."""
    password = emailed(email, "temporary_password", "access/password_to_user")
    page.goto(live_server.url + "/compte/connexion/")
    fill(page, username=username, password=password)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile("/compte/nouveau-mot-de-passe/$"))
    fill(page, new_password1=NEW_PASSWORD, new_password2=NEW_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile("/compte/questions-secretes/$"))


def answer_secret_questions(page: Any) -> None:
    """The eight secret questions chosen and answered; the user reaches the home page."""
    expect(page).to_have_url(re.compile("/compte/questions-secretes/"))
    for index in range(1, 9):
        page.locator(f"#id_question_{index}").select_option(f"q{index + 2:02d}")
        page.locator(f"#id_answer_{index}").fill(f"réponse numéro {index}")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))


def approved_then_first_login(page: Any, live_server: Any, *, email: str) -> date:
    """An agent approves the one access request for a year (section 4); its user, whose address
    is ``email``, logs in with the emailed temporary password, replaces it and answers the
    secret questions. Returns the end of the validity period."""
    access_request = AccessRequest.objects.get()
    agent = Client()
    login(agent, access_agent())
    until = timezone.localdate() + timedelta(days=365)
    response = agent.post(
        f"/acces/regie/demandes/{access_request.pk}/approve/", {"valid_until": until.isoformat()}
    )
    assert response.status_code == 302
    access_request.refresh_from_db()
    log_in_for_the_first_time(
        page, live_server, username=access_request.username_issued, email=email
    )
    answer_secret_questions(page)
    return until


def emailed(to: str, key: str, template: str) -> str:
    """What the outbox holds for ``to`` (read before the worker delivers and wipes secrets)."""
    email = OutboundEmail.objects.filter(to=to, template=template).latest("pk")
    return str({**email.context, **email.secret_context}[key])


def local(url: str, live_server: Any) -> str:
    return re.sub(r"^https?://[^/]+", live_server.url, url)


def test_user_signs_authorizer_signs_agent_approves_user_logs_in_to_secret_questions(
    live_server: Any, browser_page: Any, settings: Any
) -> None:
    page = browser_page
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Demander un accès").click()
    page.get_by_role("link", name=re.compile("4313")).click()

    fill_4313_user_section(
        page,
        organization_name="pharmacie du quartier",
        authorizer_email="marc.gagnon@pharmacie.qc.ca",
        function="Technicien en pharmacie",
    )
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    sign_on_canvas(page)
    page.get_by_role("button", name="Signer et transmettre").click()
    expect(page.get_by_role("heading", name="Vérifiez votre boîte de courriel")).to_be_visible()
    access_request = AccessRequest.objects.get()
    expect(page.get_by_role("main")).to_contain_text(access_request.reference)
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    # The user confirms their own address; only then is the authorizer written to.
    assert not OutboundEmail.objects.filter(to="marc.gagnon@pharmacie.qc.ca").exists()
    page.goto(
        local(
            emailed("julie.tremblay@exemple.qc.ca", "link", "access/user_email_confirm"),
            live_server,
        )
    )
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.get_by_role("button", name="Confirmer mon adresse").click()
    expect(page.get_by_role("heading", name="Adresse électronique confirmée")).to_be_visible()

    page.goto(
        local(emailed("marc.gagnon@pharmacie.qc.ca", "link", "access/authorizer_sign"), live_server)
    )
    expect(page.get_by_text("TREMBLAY, JULIE")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    sign_4313_authorizer_section(page, function="Pharmacien propriétaire")

    agent_client = Client()
    login(agent_client, access_agent())
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": agent_client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto(live_server.url + "/acces/regie/")
    page.get_by_role("link", name=access_request.reference).click()
    expect(page.get_by_text("contenu inchangé depuis la signature")).to_have_count(2)
    expect(page.get_by_role("img", name=re.compile("^Signature : "))).to_have_count(2)
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.get_by_role("button", name="Accepter et transmettre les éléments d'identification").click()
    expect(page.get_by_text("Demande acceptée")).to_be_visible()
    page.context.clear_cookies()

    access_request.refresh_from_db()
    username = emailed("marc.gagnon@pharmacie.qc.ca", "username", "access/username_to_authorizer")
    assert username == access_request.username_issued
    # Seeds 001/002: a temporary password is replaced first, then the user lands on the page
    # « Questions secrètes » to choose and answer eight questions.
    log_in_for_the_first_time(
        page, live_server, username=username, email="julie.tremblay@exemple.qc.ca"
    )
    expect(page.get_by_role("heading", name="Questions secrètes")).to_be_visible()


def test_the_public_access_pages_have_no_accessibility_violation(
    live_server: Any, browser_page: Any
) -> None:
    page = browser_page
    for path in (
        "/acces/",
        "/acces/suivi/",
        "/acces/dates-de-traitement/",
        "/acces/demande/etablissements/",
    ):
        page.goto(live_server.url + path)
        violations = axe_violations(page)
        assert violations == [], f"{path}: {describe(violations)}"
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", name="Le formulaire contient des erreurs")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
