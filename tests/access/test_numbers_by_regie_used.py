"""Issue #12 item 8, finished: the numbers the agent completes are used where the agent needs
them. The review finds the authorizer's account by the practice number (the one the agent
completed included), and approval links a technician to the pharmacy named with the number the
agent completed."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone

from sel.access.models import AccessRequest
from sel.accounts.models import Role
from sel.exception_drugs.models import Delegation
from tests.access.helpers import submitted_request
from tests.conftest import login
from tests.factories import AccessRequestFactory, UserFactory, access_agent

pytestmark = pytest.mark.django_db


def agent_client() -> Client:
    client = Client()
    login(client, access_agent())
    return client


def review(client: Client, access_request: AccessRequest) -> str:
    return unescape(client.get(f"/acces/regie/demandes/{access_request.pk}/").content.decode())


def test_the_pharmacy_number_the_agent_completes_names_the_technicians_pharmacy() -> None:
    pharmacist = UserFactory(role=Role.PHARMACIST, practice_number="246810", last_name="Roy")
    access_request = submitted_request(
        user_overrides={
            "function": "pharmacy_technician",
            "organization_number": "",
            "email": "tech@exemple.qc.ca",
        },
        authorizer_overrides={
            "auth_function": "pharmacist_owner",
            "auth_practice_number": "246810",
            "auth_organization_name": "pharmacie du quartier",
        },
    )
    client = agent_client()
    page = review(client, access_request)
    # The agent sees whom approval will link the technician to, found by the practice number.
    assert "Compte de la personne qui autorise" in page
    assert str(pharmacist.username) in page and pharmacist.get_full_name() in page
    response = client.post(
        f"/acces/regie/demandes/{access_request.pk}/numeros/", {"organization_number": "02468"}
    )
    assert response.status_code == 302
    until = timezone.localdate() + timedelta(days=365)
    response = client.post(
        f"/acces/regie/demandes/{access_request.pk}/approve/", {"valid_until": until.isoformat()}
    )
    assert response.status_code == 302
    access_request.refresh_from_db()
    link = Delegation.objects.get(assistant=access_request.account)
    assert link.prescriber == pharmacist
    assert link.pharmacy == "PHARMACIE DU QUARTIER (02468)"
    # The pharmacist sees it too, with the number, on their page of those who work for them.
    owner = Client()
    login(owner, pharmacist)
    assert "02468" in unescape(owner.get("/medicaments-exception/delegations/").content.decode())


def test_the_practice_number_the_agent_completes_finds_the_gmf_physicians_account() -> None:
    physician = UserFactory(role=Role.PRESCRIBER, practice_number="135791")
    access_request = AccessRequestFactory(form="etablissements")
    AccessRequest.objects.filter(pk=access_request.pk).update(
        auth_function="gmf_physician_responsible", auth_practice_number=""
    )
    client = agent_client()
    assert "Compte de la personne qui autorise" not in review(client, access_request)
    response = client.post(
        f"/acces/regie/demandes/{access_request.pk}/numeros/", {"auth_practice_number": "135791"}
    )
    assert response.status_code == 302
    page = review(client, access_request)
    assert str(physician.username) in page and physician.get_full_name() in page


def test_a_practice_number_no_account_holds_is_said_plainly() -> None:
    access_request = AccessRequestFactory()
    AccessRequest.objects.filter(pk=access_request.pk).update(auth_practice_number="999999")
    page = review(agent_client(), access_request)
    assert "Aucun compte actif ne porte le numéro de pratique 999999." in page
