"""Issue #14: professionals need a grant to submit payment requests. The service « Demandes de
paiement par le Web » is in the catalogue; registration with a PIN opens it for physicians, an
agent gives it to anyone else; without it, a page says how to get it (not a bare 403)."""

from __future__ import annotations

from html import unescape
from typing import Any

from django.test import Client
from django.urls import reverse

from sel.access.models import Grant, OnlineService, ServiceCode
from sel.accounts.models import Role
from sel.establishments.models import PaymentRequest
from tests.accounts.test_registration_opens_services import _registered
from tests.conftest import login
from tests.establishments.test_payment_requests import MONDAY, NEW, form
from tests.factories import professions
from tests.factories.access import access_agent
from tests.factories.accounts import UserFactory
from tests.factories.establishments import (
    AssociationFactory,
    EstablishmentWorld,
    professional,
    signatory_with_grant,
)


def test_without_the_grant_the_page_says_how_to_get_access(
    client: Any, world: EstablishmentWorld
) -> None:
    login(client, professional(granted=False))
    home = unescape(client.get("/").content.decode())
    assert reverse("establishments:my_requests") in home
    response = client.get(reverse("establishments:my_requests"))
    assert response.status_code == 403
    body = unescape(response.content.decode())
    assert "Accès au service requis" in body
    assert "« Demandes de paiement par le Web (rémunération par un établissement) »" in body
    assert "numéro d'identification personnel (NIP)" in body
    assert "Centre d'assistance aux professionnels" in body and "1 800 463-4776" in body
    client.post("/langue/", {"language": "en", "next": "/"})
    english = unescape(client.get(NEW).content.decode())
    assert "Access to the service required" in english
    assert "Web payment requests (paid by an establishment)" in english
    assert "How to get access" in english


def test_an_account_that_is_not_a_professional_still_gets_a_404(
    client: Any, world: EstablishmentWorld
) -> None:
    login(client, UserFactory(role=Role.ESTABLISHMENT_STAFF))
    assert client.get(reverse("establishments:my_requests")).status_code == 404


def test_an_agent_gives_the_grant_and_the_professional_submits(
    client: Any, world: EstablishmentWorld
) -> None:
    doctor = professional(granted=False)
    AssociationFactory(
        signatory=signatory_with_grant(world.cisss),
        professional=doctor,
        installation=world.hospital,
    )
    agent = Client()
    login(agent, access_agent())
    service = OnlineService.objects.get(code=ServiceCode.PAYMENT_REQUESTS)
    response = agent.post(
        "/acces/regie/acces/accorder/",
        {"utilisateur": doctor.username, "service": service.pk, "reason": "Payé par le CISSS"},
    )
    assert response.status_code == 302
    login(client, doctor)
    home = unescape(client.get("/").content.decode())
    assert service.name_fr in home
    assert client.post(NEW, form((MONDAY, "H001", "7,5"))).status_code == 302
    assert PaymentRequest.objects.get().professional == doctor


def test_registration_opens_the_payment_requests_to_a_physician_only(
    world: EstablishmentWorld,
) -> None:
    professions()
    client, physician = _registered("medecin", "246810", "chloe@exemple.qc.ca")
    assert Grant.objects.filter(
        user=physician, online_service__code=ServiceCode.PAYMENT_REQUESTS
    ).exists()
    assert client.get(reverse("establishments:my_request_new")).status_code == 200
    other, denturist = _registered("denturologiste", "135791", "denturo@exemple.qc.ca")
    assert not Grant.objects.filter(user=denturist).exists()
    assert other.get(reverse("establishments:my_request_new")).status_code == 403
