"""Issue #12 item 12, SELAT. Seed 002: « Le personnel administratif de votre clinique ou de votre
établissement ainsi que les utilisateurs du service en ligne des aides technique (SELAT) doivent
remplir le formulaire de demande d'accès aux services en ligne. » The form is offered, has its own
authorizer rules (ours), is processed by the agent like the others, is tracked in the
processing-dates table, and its grant opens a page that says what it gives and where."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone

from sel.access.models import AccessRequest, FormType, Grant, ServiceCode
from sel.accounts.models import Role
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from tests.access.helpers import (
    authorizer_section,
    confirm_user_email,
    link_in_email,
    submitted_request,
    user_section,
)
from tests.accounts.helpers import last_secret
from tests.conftest import login
from tests.exception_drugs.test_day_one import _first_login as first_login
from tests.factories import GrantFactory, OnlineServiceFactory, UserFactory, access_agent

pytestmark = pytest.mark.django_db

SELAT_USER = {
    "function": "aids_admin_staff",
    "organization_name": "laboratoire d'orthèses du fleuve",
    "organization_number": "54321",
    "email": "lea.martin@orthesesfleuve.qc.ca",
}
SELAT_AUTHORIZER = {
    "auth_function": "aids_dispenser_owner",
    "auth_practice_number": "777888",
    "auth_organization_name": "laboratoire d'orthèses du fleuve",
}


def text(html: bytes) -> str:
    return unescape(html.decode())


def test_the_selat_form_is_offered_on_the_forms_list_and_the_public_home_page() -> None:
    client = Client()
    forms = text(client.get("/acces/").content)
    assert 'href="/acces/demande/selat/"' in forms
    assert "Service en ligne des aides techniques (SELAT)" in forms
    home = text(client.get("/").content)
    assert "Dispensateurs d'aides techniques" in home
    assert 'href="/acces/demande/selat/"' in home
    # Apart from the vendors' B2B 4134, which stays with the software vendors.
    assert FormType.objects.get(code="4134").family == "b2b"


def test_the_selat_form_asks_for_the_dispenser_and_keeps_what_was_typed() -> None:
    client = Client()
    page = text(client.get("/acces/demande/selat/").content)
    for label in ("Personnel administratif du dispensateur", "Numéro du dispensateur à la Régie"):
        assert label in page
    response = client.post(
        "/acces/demande/selat/", user_section("selat", **{**SELAT_USER, "organization_number": ""})
    )
    assert response.status_code == 200
    assert "organization_number" in response.context["form"].errors
    assert "LABORATOIRE D'ORTHÈSES DU FLEUVE" in text(response.content).upper()
    assert not AccessRequest.objects.exists()
    # A function of another form is refused.
    response = client.post(
        "/acces/demande/selat/", user_section("selat", **{**SELAT_USER, "function": "nurse"})
    )
    assert "function" in response.context["form"].errors


@pytest.mark.parametrize("function", ["pharmacist_owner", "aids_technician"])
def test_only_whoever_answers_for_the_dispenser_may_authorize(function: str) -> None:
    # Even if staff widened the form's list, an employee does not vouch for a colleague.
    FormType.objects.filter(code="selat").update(
        authorizer_functions=["aids_dispenser_owner", "aids_dispenser_manager", function]
    )
    client = Client()
    response = client.post("/acces/demande/selat/", user_section("selat", **SELAT_USER))
    assert response.status_code == 302
    confirm_user_email(client, SELAT_USER["email"])
    link = link_in_email("marc.gagnon@pharmacie.qc.ca", "/acces/autoriser/")
    response = client.post(
        link, authorizer_section("selat", **{**SELAT_AUTHORIZER, "auth_function": function})
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["auth_function"]
    assert any("professionnel propriétaire du cabinet ou du laboratoire" in e for e in errors)
    assert AccessRequest.objects.get().status == AccessRequest.Status.AWAITING_AUTHORIZER


def test_the_owning_professional_gives_a_practice_number_the_manager_does_not() -> None:
    client = Client()
    client.post("/acces/demande/selat/", user_section("selat", **SELAT_USER))
    confirm_user_email(client, SELAT_USER["email"])
    link = link_in_email("marc.gagnon@pharmacie.qc.ca", "/acces/autoriser/")
    response = client.post(
        link, authorizer_section("selat", **{**SELAT_AUTHORIZER, "auth_practice_number": ""})
    )
    assert "auth_practice_number" in response.context["form"].errors
    response = client.post(
        link,
        authorizer_section(
            "selat",
            **{
                **SELAT_AUTHORIZER,
                "auth_function": "aids_dispenser_manager",
                "auth_practice_number": "",
            },
        ),
    )
    assert response.status_code == 200 and "form" not in (response.context or {})
    assert AccessRequest.objects.get().status == AccessRequest.Status.SUBMITTED


def test_selat_requests_are_tracked_in_the_processing_dates_table() -> None:
    access_request = submitted_request(
        "selat", user_overrides=SELAT_USER, authorizer_overrides=SELAT_AUTHORIZER
    )
    page = text(Client().get("/acces/dates-de-traitement/").content)
    row = page.split("Service en ligne des aides techniques (SELAT)", 1)[1].split("</tr>", 1)[0]
    assert timezone.localtime(access_request.received_at).strftime("%Y-%m-%d") in row


def test_an_approved_selat_user_reaches_a_page_saying_what_the_access_gives_and_where() -> None:
    access_request = submitted_request(
        "selat", user_overrides=SELAT_USER, authorizer_overrides=SELAT_AUTHORIZER
    )
    agent = Client()
    login(agent, access_agent())
    queue = text(agent.get("/acces/regie/").content)
    assert access_request.reference in queue
    until = timezone.localdate() + timedelta(days=365)
    response = agent.post(
        f"/acces/regie/demandes/{access_request.pk}/approve/", {"valid_until": until.isoformat()}
    )
    assert response.status_code == 302
    access_request.refresh_from_db()
    account = access_request.account
    assert account.role == Role.TECHNICAL_AIDS_STAFF
    grant = Grant.objects.get(user=account)
    assert grant.online_service.code == ServiceCode.SELAT

    # The user logs in with the emailed temporary password, as on day one.
    password = last_secret("access/password_to_user", "temporary_password", to=SELAT_USER["email"])
    client = Client()
    first_login(client, access_request.username_issued, password)
    home = text(client.get("/").content)
    assert 'href="/acces/selat/"' in home
    page = client.get("/acces/selat/")
    assert page.status_code == 200
    html = text(page.content)
    assert "LABORATOIRE D'ORTHÈSES DU FLEUVE" in html and "54321" in html
    assert until.isoformat() in html
    assert "Ce que cet accès vous donne" in html and "Où l'utiliser" in html
    assert 'href="/acces/demande/4134/"' in html  # where the vendor asks for SELAT – B2B
    assert f'href="/acces/prolonger/{grant.pk}/"' in html
    assert 'href="/messagerie/ecrire/"' in html


def test_the_selat_page_is_refused_without_a_valid_selat_grant() -> None:
    assert "next=" in Client().get("/acces/selat/")["Location"]
    someone = UserFactory(role=Role.PRESCRIBER)
    client = Client()
    login(client, someone)
    assert client.get("/acces/selat/").status_code == 403
    assert AuditEvent.objects.filter(
        action=Action.ACCESS_REFUSED, details__service=ServiceCode.SELAT
    ).exists()
    # A withdrawn grant opens nothing, even in an open session.
    grant = GrantFactory(user=someone, online_service=OnlineServiceFactory(code=ServiceCode.SELAT))
    assert client.get("/acces/selat/").status_code == 200
    Grant.objects.filter(pk=grant.pk).update(revoked_at=timezone.now())
    assert client.get("/acces/selat/").status_code == 403


def test_the_selat_page_is_in_english_too() -> None:
    user = UserFactory(role=Role.TECHNICAL_AIDS_STAFF, language="en")
    GrantFactory(user=user, online_service=OnlineServiceFactory(code=ServiceCode.SELAT))
    client = Client()
    login(client, user)
    client.post("/langue/", {"language": "en", "next": "/"})
    html = text(client.get("/acces/selat/").content)
    assert "What this access gives you" in html and "Where to use it" in html
