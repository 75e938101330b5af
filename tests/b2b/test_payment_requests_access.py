"""The fifth B2B service (issue #14, not seed 004's four forms) is asked for like the others: the
public start page offers its form, a vendor's request on it is approved by an agent, and the
client it gives holds the payment-requests scope (its IT lead's page says so, a token carries
it)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sel.access.models import ServiceCode
from sel.b2b.models import B2BClient
from tests.access.helpers import submitted_request
from tests.conftest import login
from tests.factories.access import access_agent
from tests.factories.b2b import API, token_response

pytestmark = pytest.mark.django_db


def test_the_start_page_offers_the_fifth_b2b_form() -> None:
    html = Client().get("/acces/").content.decode()
    assert "/acces/demande/b2b-paiements/" in html
    assert "Demandes de paiement (rémunération par un établissement) – B2B" in html
    form = Client().get("/acces/demande/b2b-paiements/")
    assert form.status_code == 200


def test_an_approved_request_gives_a_client_with_the_payment_requests_scope() -> None:
    access_request = submitted_request(
        "b2b-paiements", authorizer_overrides={"auth_practice_number": ""}
    )
    agent = Client()
    login(agent, access_agent())
    until = timezone.localdate() + timedelta(days=365)
    approved = agent.post(
        f"/acces/regie/demandes/{access_request.pk}/approve/", {"valid_until": until.isoformat()}
    )
    assert approved.status_code == 302
    client = B2BClient.objects.get(access_request=access_request)
    it_lead = client.it_lead
    it_lead.must_change_password = it_lead.must_set_questions = False
    it_lead.save(update_fields=["must_change_password", "must_set_questions"])
    portal = Client()
    login(portal, it_lead)
    assert ServiceCode.B2B_PAYMENT_REQUESTS in portal.get("/services-b2b/").content.decode()
    secret = portal.post(f"/services-b2b/{client.pk}/secret/", {"grace_days": "0"}).context[
        "new_secret"
    ]
    token = token_response(Client(), client.client_id, secret).json()
    assert token["scope"] == ServiceCode.B2B_PAYMENT_REQUESTS
    ping = Client().get(f"{API}/ping", HTTP_AUTHORIZATION=f"Bearer {token['access_token']}")
    assert ping.json()["scopes"] == [ServiceCode.B2B_PAYMENT_REQUESTS]
