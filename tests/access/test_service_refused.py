"""A person who opens a service without a grant in force meets a page that names the service and
leads to the access request, not a bare refusal; the navigation offers the exception-drug
service only to the roles it is for."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sel.accounts.models import Role
from sel.audit.models import AuditEvent
from tests.accounts.helpers import page
from tests.conftest import login
from tests.factories.access import GrantFactory
from tests.factories.accounts import AgentFactory, UserFactory

pytestmark = pytest.mark.django_db

CONSULT = "/medicaments-exception/"
NAV_ENTRY = "Médicaments d'exception</a>"


def test_a_pharmacist_without_the_grant_is_told_which_service_and_how_to_ask(
    client: Client,
) -> None:
    pharmacist = UserFactory(role=Role.PHARMACIST)
    login(client, pharmacist)
    response = client.get(CONSULT, HTTP_ACCEPT_LANGUAGE="fr-CA")
    assert response.status_code == 403
    text = page(response)
    assert "Accès au service requis" in text
    assert "Médicaments d'exception" in text
    assert 'href="/acces/"' in response.content.decode()
    assert AuditEvent.objects.filter(action="access.refused", actor=pharmacist).exists()


def test_the_refusal_page_speaks_english_to_an_english_reader(client: Client) -> None:
    login(client, UserFactory(role=Role.PRESCRIBER, language="en"))
    response = client.get(CONSULT, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "Access to the service required" in page(response)


def test_a_grant_that_ended_yesterday_leads_to_the_same_page(client: Client) -> None:
    grant = GrantFactory(
        online_service__code="exception-drugs",
        valid_until=timezone.localdate() - timedelta(days=1),
    )
    login(client, grant.user)
    assert "Accès au service requis" in page(client.get(CONSULT))


def test_the_navigation_offers_exception_drugs_to_its_roles_only(client: Client) -> None:
    login(client, UserFactory(role=Role.PHARMACY_TECHNICIAN))
    assert NAV_ENTRY in client.get("/compte/parametres/").content.decode()
    for other in (
        UserFactory(role=Role.SOFTWARE_VENDOR),
        UserFactory(role=Role.ESTABLISHMENT_STAFF),
        AgentFactory(),
    ):
        client = Client()
        login(client, other)
        assert NAV_ENTRY not in client.get("/compte/parametres/").content.decode(), other.role
