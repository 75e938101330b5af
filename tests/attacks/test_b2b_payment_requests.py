"""Attacks on payment requests sent by software (issue #14), through HTTP: no token, a token
without the scope, another client's request, an installation of another establishment, a
training client that would write production rows, a revoked client and an ended authorization
(the very next call is refused), and the establishment's page for anyone but its *Association*
user of that scope."""

from __future__ import annotations

import pytest
from django.test import Client

from sel.access.models import ServiceCode
from sel.b2b.models import SoftwareAuthorization
from sel.establishments.models import PaymentRequest
from tests.b2b.payments_helpers import (
    SOFTWARE_PAGE,
    authorize_on_page,
    body,
    setting,
    status_of,
    submit,
    training_client,
)
from tests.conftest import login
from tests.factories.accounts import UserFactory
from tests.factories.b2b import bearer, vendor_client
from tests.factories.establishments import association_user

pytestmark = pytest.mark.django_db


def test_no_token_or_a_forged_one_writes_and_reads_nothing() -> None:
    s = setting()
    reference = submit(s.headers, body()).json()["reference"]
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer forged"}, {"HTTP_AUTHORIZATION": "Basic x"}):
        assert submit(headers, body(weeks_ago=6), key="n").status_code == 401
        read = status_of(headers, reference)
        assert read.status_code == 401 and reference not in read.content.decode()
    assert PaymentRequest.objects.count() == 1


def test_a_token_without_the_scope_neither_submits_nor_reads() -> None:
    s = setting()
    reference = submit(s.headers, body()).json()["reference"]
    client, secret = vendor_client(services=[ServiceCode.B2B_SELAT])
    headers = bearer(client, secret)
    assert submit(headers, body(weeks_ago=6)).status_code == 403
    read = status_of(headers, reference)
    assert read.status_code == 403 and reference not in read.content.decode()
    assert PaymentRequest.objects.count() == 1


def test_another_clients_request_answers_as_a_missing_one() -> None:
    s = setting()
    reference = submit(s.headers, body()).json()["reference"]
    other, secret = vendor_client(services=[ServiceCode.B2B_PAYMENT_REQUESTS])
    assert (
        authorize_on_page(s.association_user, other.client_id, s.world.hospital.pk).status_code
        == 302
    )
    headers = bearer(other, secret)
    theirs = status_of(headers, reference)
    missing = status_of(headers, "DP260000000000")
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()
    assert "Karine" not in theirs.content.decode()


def test_an_installation_of_another_establishment_is_refused_even_if_authorized_elsewhere() -> None:
    s = setting()
    # The other establishment's Association user cannot authorize the client for the CISSS,
    # and the CISSS's cannot for the other one's hospital.
    outsider = association_user(s.world.other)
    answer = authorize_on_page(outsider, s.client.client_id, s.world.hospital.pk)
    assert answer.status_code == 400
    answer = authorize_on_page(s.association_user, s.client.client_id, s.world.other_hospital.pk)
    assert answer.status_code == 400
    refused = submit(s.headers, body(installation_number=s.world.other_hospital.number))
    assert refused.status_code == 403
    assert not PaymentRequest.objects.exists()


def test_a_training_client_cannot_write_production_rows() -> None:
    s = setting()
    client, headers = training_client()
    # Even authorized on the page it is refused there; its calls reach the sandbox only.
    answer = authorize_on_page(s.association_user, client.client_id, s.world.hospital.pk)
    assert answer.status_code == 400
    assert not SoftwareAuthorization.objects.filter(client=client).exists()
    refused = submit(headers, body())
    assert refused.status_code == 403
    production = submit(s.headers, body(weeks_ago=8), key="p")
    reference = production.json()["reference"]
    assert status_of(headers, reference).status_code == 404
    assert PaymentRequest.objects.count() == 1


def test_a_revoked_client_is_stopped_at_the_very_next_call() -> None:
    s = setting()
    reference = submit(s.headers, body()).json()["reference"]
    it_lead = Client()
    login(it_lead, s.client.it_lead)
    assert (
        it_lead.post(f"/services-b2b/{s.client.pk}/revoquer/", {"confirm": "on"}).status_code == 302
    )
    assert submit(s.headers, body(weeks_ago=6), key="after").status_code == 401
    assert status_of(s.headers, reference).status_code == 401
    assert PaymentRequest.objects.count() == 1


def test_an_ended_authorization_stops_the_very_next_call() -> None:
    s = setting()
    reference = submit(s.headers, body()).json()["reference"]
    page = Client()
    login(page, s.association_user)
    found = SoftwareAuthorization.objects.get()
    assert page.post(f"{SOFTWARE_PAGE}{found.pk}/fin/", {"confirm": "on"}).status_code == 302
    refused = submit(s.headers, body(weeks_ago=6), key="after")
    assert refused.status_code == 403
    assert status_of(s.headers, reference).status_code == 403
    assert PaymentRequest.objects.count() == 1


def test_the_page_is_closed_to_anyone_but_the_association_user_of_the_scope() -> None:
    s = setting()
    found = SoftwareAuthorization.objects.get()
    anonymous = Client().get(SOFTWARE_PAGE)
    assert anonymous.status_code == 302
    for user in (UserFactory(), s.signatory.user, s.client.it_lead, s.professional):
        http = Client()
        login(http, user)
        assert http.get(SOFTWARE_PAGE).status_code == 403
        assert http.post(f"{SOFTWARE_PAGE}{found.pk}/fin/", {"confirm": "on"}).status_code == 403
    outsider = association_user(s.world.other)
    http = Client()
    login(http, outsider)
    assert s.client.client_id not in http.get(SOFTWARE_PAGE).content.decode()
    for pk in (str(found.pk), "99999999999999999999999", "x"):
        assert http.post(f"{SOFTWARE_PAGE}{pk}/fin/", {"confirm": "on"}).status_code == 404
    assert SoftwareAuthorization.objects.get().ended_at is None


def test_a_post_without_its_csrf_token_is_refused() -> None:
    s = setting(authorize=False)
    http = Client(enforce_csrf_checks=True)
    login(http, s.association_user)
    answer = http.post(
        SOFTWARE_PAGE, {"client_id": s.client.client_id, "installations": [s.world.hospital.pk]}
    )
    assert answer.status_code == 403
    assert not SoftwareAuthorization.objects.exists()
