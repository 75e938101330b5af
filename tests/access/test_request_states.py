"""The access-request factory builds each state of the workflow as the portal leaves it: the
status page names it, and the step each state waits for works from there (its emailed link, the
agent's queue). The tests that start from the factory rely on this."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.html import escape

from sel.access.models import AccessRequest, Grant
from tests.access.helpers import authorizer_section
from tests.conftest import login
from tests.factories.access import AccessRequestFactory, access_agent

pytestmark = pytest.mark.django_db

Status = AccessRequest.Status


@pytest.mark.parametrize(
    ("trait", "status"),
    [
        ("awaiting_user_email", Status.AWAITING_USER_EMAIL),
        ("awaiting_authorizer", Status.AWAITING_AUTHORIZER),
        (None, Status.SUBMITTED),
        ("incomplete", Status.INCOMPLETE),
        ("refused", Status.REFUSED),
        ("approved", Status.APPROVED),
        ("expired", Status.EXPIRED),
    ],
)
def test_the_status_page_names_the_state_the_factory_built(
    client: Client, trait: str | None, status: str
) -> None:
    access_request = AccessRequestFactory(**({trait: True} if trait else {}))
    assert access_request.status == status
    response = client.post(
        "/acces/suivi/",
        {"reference": access_request.reference, "email": access_request.user_email},
    )
    assert escape(str(Status(status).label)) in response.content.decode()


def test_a_request_awaiting_its_user_is_confirmed_through_the_emailed_link(client: Client) -> None:
    access_request = AccessRequestFactory(awaiting_user_email=True)
    assert "/acces/verifier-adresse/" in access_request.emailed_link
    assert client.post(access_request.emailed_link).status_code == 200
    access_request.refresh_from_db()
    assert access_request.status == Status.AWAITING_AUTHORIZER


def test_a_request_awaiting_its_authorizer_is_signed_through_the_emailed_link(
    client: Client,
) -> None:
    access_request = AccessRequestFactory(awaiting_authorizer=True)
    assert "JULIE" in client.get(access_request.emailed_link).content.decode()
    assert client.post(access_request.emailed_link, authorizer_section()).status_code == 200
    access_request.refresh_from_db()
    assert access_request.status == Status.SUBMITTED


@pytest.mark.parametrize("form", ["4313", "etablissements", "4134"])
def test_a_submitted_request_waits_in_the_queue_with_both_signatures_intact(
    client: Client, form: str
) -> None:
    access_request = AccessRequestFactory(form=form)
    login(client, access_agent())
    assert str(access_request.reference) in client.get("/acces/regie/").content.decode()
    detail = client.get(f"/acces/regie/demandes/{access_request.pk}/").content.decode()
    assert detail.count("contenu inchangé depuis la signature") == 2


def test_an_incomplete_request_is_corrected_through_the_emailed_link(client: Client) -> None:
    access_request = AccessRequestFactory(incomplete=True)
    page = client.get(access_request.emailed_link).content.decode()
    assert "Le numéro de télécopieur manque." in page and 'value="TREMBLAY"' in page


def test_an_approved_request_has_its_account_and_grants(client: Client) -> None:
    access_request = AccessRequestFactory(approved=True)
    assert access_request.account is not None
    assert access_request.account.username == access_request.username_issued
    grant = Grant.objects.get(user=access_request.account)
    assert grant.online_service.code == "exception-drugs" and grant.access_request == access_request
