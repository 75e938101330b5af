"""Credentials (seed 004): one client per approved request and environment, the client id to the
authorizer and the initial secret to the IT lead, which opens nothing until replaced; rotation
with a grace period of at most 7 days; revocation, and a withdrawn or ended grant, stop the
tokens at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from sel.access.models import AccessRequest, Grant, MailRoomLetter, OnlineService
from sel.access.services.grants import grant_revoke
from sel.audit.models import AuditEvent
from sel.b2b.grants import B2B_SERVICES
from sel.b2b.models import B2BClient, Environment
from sel.outbox.models import OutboundEmail
from tests.conftest import login
from tests.factories.access import AccessRequestFactory, access_agent
from tests.factories.accounts import UserFactory
from tests.factories.b2b import API, bearer, token_response, vendor_client
from tests.notices.test_contact_details_match_the_seeds import pdf_text

pytestmark = pytest.mark.django_db


def approve(access_request: AccessRequest) -> None:
    http = Client()
    login(http, access_agent())
    until = timezone.localdate() + timedelta(days=365)
    response = http.post(
        f"/acces/regie/demandes/{access_request.pk}/approve/", {"valid_until": until.isoformat()}
    )
    assert response.status_code == 302


def b2b_request(**fields: object) -> AccessRequest:
    return AccessRequestFactory(
        form="4123", online_services=OnlineService.objects.filter(code__in=B2B_SERVICES), **fields
    )


def test_approval_gives_one_client_its_id_to_the_authorizer_its_secret_to_the_it_lead() -> None:
    access_request = b2b_request()
    approve(access_request)
    client = B2BClient.objects.get(access_request=access_request)
    assert client.environment == Environment.PRODUCTION and client.secret_must_change
    to_authorizer = OutboundEmail.objects.get(
        to=access_request.auth_email, template="b2b/client_id_to_authorizer"
    )
    to_it_lead = OutboundEmail.objects.get(
        to=access_request.user_email, template="b2b/secret_to_it_lead"
    )
    assert to_authorizer.context["client_id"] == client.client_id
    assert "client_secret" not in to_authorizer.context | to_authorizer.secret_context
    secret = to_it_lead.secret_context["client_secret"]
    assert client.client_id not in str(to_it_lead.context)
    # Stored hashed only.
    assert secret not in client.application.client_secret
    # The initial secret opens nothing: the IT lead must replace it first.
    refused = token_response(Client(), client.client_id, secret)
    assert refused.status_code == 401
    assert "Remplacez d'abord le secret initial" in refused.json()["error_description"]


def test_training_credentials_go_by_registered_mail_not_email() -> None:
    access_request = b2b_request(credentials=AccessRequest.Credentials.TRAINING)
    approve(access_request)
    client = B2BClient.objects.get(access_request=access_request)
    assert client.environment == Environment.TRAINING
    assert not OutboundEmail.objects.filter(template__startswith="b2b/").exists()
    assert MailRoomLetter.objects.filter(
        access_request=access_request, recipient="it_lead"
    ).exists()


def test_the_it_lead_replaces_the_initial_secret_on_the_page_and_it_is_shown_once() -> None:
    client, initial = vendor_client(replaced=False)
    http = Client()
    login(http, client.it_lead)
    page = http.get("/services-b2b/")
    assert client.client_id in page.content.decode() and "Secret initial à remplacer" in (
        page.content.decode()
    )
    answer = http.post(f"/services-b2b/{client.pk}/secret/", {"grace_days": "3"})
    assert answer.status_code == 200
    new_secret = answer.context["new_secret"]
    assert new_secret and new_secret in answer.content.decode()
    assert answer["Cache-Control"].startswith("no-store") or "no-store" in answer["Cache-Control"]
    # The initial secret gets no grace: it never opened anything.
    assert token_response(Client(), client.client_id, initial).status_code == 401
    assert token_response(Client(), client.client_id, new_secret).status_code == 200
    assert new_secret not in http.get("/services-b2b/").content.decode()


def test_a_rotated_secret_keeps_working_during_the_grace_period_chosen_then_stops() -> None:
    client, old = vendor_client()
    http = Client()
    login(http, client.it_lead)
    new = http.post(f"/services-b2b/{client.pk}/secret/", {"grace_days": "2"}).context["new_secret"]
    assert token_response(Client(), client.client_id, old).status_code == 200
    assert token_response(Client(), client.client_id, new).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=2, minutes=1)):
        assert token_response(Client(), client.client_id, old).status_code == 401
        assert token_response(Client(), client.client_id, new).status_code == 200


def test_a_grace_period_over_7_days_is_refused_with_a_message_and_the_value_kept() -> None:
    client, old = vendor_client()
    http = Client()
    login(http, client.it_lead)
    answer = http.post(f"/services-b2b/{client.pk}/secret/", {"grace_days": "8"})
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "7" in page and 'value="8"' in page
    assert token_response(Client(), client.client_id, old).status_code == 200


def test_another_account_cannot_rotate_or_revoke_a_client_it_does_not_lead() -> None:
    client, _secret = vendor_client()
    http = Client()
    login(http, UserFactory())
    assert http.post(f"/services-b2b/{client.pk}/secret/", {"grace_days": "0"}).status_code == 404
    assert http.post(f"/services-b2b/{client.pk}/revoquer/", {"confirm": "on"}).status_code == 404
    assert http.post("/services-b2b/999999/secret/", {"grace_days": "0"}).status_code == 404
    client.refresh_from_db()
    assert client.revoked_at is None


def test_revocation_by_the_it_lead_kills_the_live_token_at_once() -> None:
    client, secret = vendor_client()
    headers = bearer(client, secret)
    assert Client().get(f"{API}/ping", **headers).status_code == 200
    http = Client()
    login(http, client.it_lead)
    assert http.post(f"/services-b2b/{client.pk}/revoquer/", {"confirm": "on"}).status_code == 302
    assert Client().get(f"{API}/ping", **headers).status_code == 401
    assert token_response(Client(), client.client_id, secret).status_code == 401


def test_a_withdrawn_grant_kills_the_client_and_its_tokens_at_once() -> None:
    client, secret = vendor_client(services=["b2b-eligibility"])
    headers = bearer(client, secret)
    assert Client().get(f"{API}/ping", **headers).status_code == 200
    grant = Grant.objects.get(access_request=client.access_request)
    grant_revoke(grant=grant, agent=access_agent(), reason="Fin du contrat")
    assert Client().get(f"{API}/ping", **headers).status_code == 401
    response = token_response(Client(), client.client_id, secret)
    assert response.status_code == 401
    assert AuditEvent.objects.filter(action="b2b.token_refused").exists()


def test_an_expired_grant_stops_the_tokens_the_next_day() -> None:
    client, secret = vendor_client()
    headers = bearer(client, secret)
    Grant.objects.filter(access_request=client.access_request).update(
        valid_until=timezone.localdate()
    )
    assert Client().get(f"{API}/ping", **headers).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert Client().get(f"{API}/ping", **headers).status_code == 401
        assert token_response(Client(), client.client_id, secret).status_code == 401


def test_scopes_are_the_services_granted_and_a_wider_scope_is_refused() -> None:
    client, secret = vendor_client(services=["b2b-eligibility"])
    response = token_response(Client(), client.client_id, secret)
    assert response.json()["scope"] == "b2b-eligibility"
    wider = token_response(Client(), client.client_id, secret, scope="b2b-selat")
    assert wider.status_code == 400 and wider.json()["error"] == "invalid_scope"


def test_only_client_credentials_is_accepted_at_the_token_endpoint() -> None:
    client, secret = vendor_client()
    response = token_response(
        Client(), client.client_id, secret, grant_type="password", username="x", password="y"
    )
    assert response.status_code in {400, 401}
    assert "access_token" not in response.json()


def test_a_wrong_secret_gets_no_token() -> None:
    client, _secret = vendor_client()
    assert token_response(Client(), client.client_id, "not-the-secret").status_code == 401
    assert token_response(Client(), "no-such-client", "x").status_code == 401


def test_agents_see_every_client_read_only_and_may_revoke_with_a_reason() -> None:
    client, secret = vendor_client()
    headers = bearer(client, secret)
    http = Client()
    agent = access_agent()
    from django.contrib.auth.models import Permission

    agent.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="b2b", codename__in=["view_b2bclient", "revoke_b2bclient"]
        )
    )
    login(http, agent)
    page = http.get("/services-b2b/regie/").content.decode()
    assert client.client_id in page and "Nouveau secret" not in page
    assert (
        http.post(f"/services-b2b/regie/{client.pk}/revoquer/", {"reason": ""}).status_code == 400
    )
    answer = http.post(f"/services-b2b/regie/{client.pk}/revoquer/", {"reason": "Fraude"})
    assert answer.status_code == 302
    assert Client().get(f"{API}/ping", **headers).status_code == 401
    assert AuditEvent.objects.filter(action="b2b.client_revoked", actor=agent).exists()


def test_a_non_agent_gets_403_on_the_agents_page_and_its_actions() -> None:
    client, _secret = vendor_client()
    http = Client()
    login(http, client.it_lead)
    assert http.get("/services-b2b/regie/").status_code == 403
    assert (
        http.post(f"/services-b2b/regie/{client.pk}/revoquer/", {"reason": "x"}).status_code == 403
    )
    assert (
        http.post(
            f"/services-b2b/regie/{client.pk}/pratique/", {"practice_number": "1"}
        ).status_code
        == 403
    )
    client.refresh_from_db()
    assert client.revoked_at is None and not client.practices.exists()


def test_the_it_lead_page_lists_last_use_and_calls_this_month() -> None:
    client, secret = vendor_client()
    headers = bearer(client, secret)
    for _ in range(3):
        Client().get(f"{API}/ping", **headers)
    http = Client()
    login(http, client.it_lead)
    row = http.get("/services-b2b/").context["rows"][0]
    assert row.calls_this_month == 3 and row.client.last_used_at is not None
    assert row.scopes == sorted(B2B_SERVICES)


@pytest.mark.parametrize(
    ("language", "labels", "closing"),
    [
        ("fr-ca", ("Identifiant du client", "Secret initial"), "remplacez-le d'abord"),
        ("en", ("Client ID", "Initial secret"), "first replace it"),
    ],
)
def test_the_training_credentials_letter_names_a_client_id_and_an_initial_secret(
    language: str, labels: tuple[str, str], closing: str
) -> None:
    access_request = b2b_request(
        credentials=AccessRequest.Credentials.TRAINING, user_language=language
    )
    approve(access_request)
    client = B2BClient.objects.get(access_request=access_request)
    letter = MailRoomLetter.objects.get(access_request=access_request, recipient="it_lead")
    text = pdf_text(bytes(letter.pdf))
    lines = text.splitlines()
    assert lines[lines.index(labels[0]) + 1] == client.client_id
    secret = lines[lines.index(labels[1]) + 1]
    assert len(secret) >= 40 and secret != client.client_id
    assert closing in text
    # Not the portal account's letter: no username, temporary password or secret questions.
    for account_word in (
        "Nom d'utilisateur",
        "Mot de passe temporaire",
        "Questions secrètes",
        "Username",
        "Temporary password",
        "secret questions",
    ):
        assert account_word not in text
    # The secret is the initial one: it opens nothing until the IT lead replaces it.
    refused = token_response(Client(), client.client_id, secret)
    assert refused.status_code == 401
