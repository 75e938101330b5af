"""A request received on paper is no longer written to in French only: the agent records each
signer's language, and the credentials (emails, or the registered letter) follow it (issue #12,
the gap left by item 10)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from sel.access.models import AccessRequest, MailRoomLetter
from sel.access.rules import PAPER_DIRECTIVE_CODES
from sel.outbox.delivery import render_email
from sel.outbox.models import OutboundEmail
from tests.access.test_agent_processing import paper_data
from tests.conftest import login
from tests.factories import access_agent
from tests.notices.test_contact_details_match_the_seeds import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent_client(client: Client, settings: Any, tmp_path: Path) -> Client:
    settings.MEDIA_ROOT = tmp_path
    login(client, access_agent())
    return client


def recorded_and_approved(agent_client: Client, **overrides: Any) -> AccessRequest:
    page = agent_client.get("/acces/regie/papier/4058/").content.decode()
    assert "Langue de l&#39;utilisateur (courriels et lettres)" in page
    response = agent_client.post("/acces/regie/papier/4058/", paper_data(**overrides))
    assert response.status_code == 302
    access_request = AccessRequest.objects.get()
    response = agent_client.post(
        f"/acces/regie/demandes/{access_request.pk}/approve/",
        {"valid_until": "2031-01-31", "directives_confirmed": list(PAPER_DIRECTIVE_CODES)},
    )
    assert response.status_code == 302
    access_request.refresh_from_db()
    return access_request


def test_each_signer_of_a_paper_request_gets_the_credentials_in_their_language(
    agent_client: Client,
) -> None:
    access_request = recorded_and_approved(
        agent_client, **{"meta-user_language": "en", "meta-auth_language": "fr-ca"}
    )
    assert (access_request.user_language, access_request.auth_language) == ("en", "fr-ca")
    # 4058 is a B2B form: the portal account's credentials and the B2B client's (sel/b2b) both
    # go out, each in its reader's language.
    to_user = [
        render_email(e)[1] for e in OutboundEmail.objects.filter(to=access_request.user_email)
    ]
    to_authorizer = [
        render_email(e)[1] for e in OutboundEmail.objects.filter(to=access_request.auth_email)
    ]
    assert any("temporary password" in body.lower() for body in to_user)
    assert to_user and not any("Bonjour" in body for body in to_user)
    assert to_authorizer and all("Bonjour" in body for body in to_authorizer)


def test_a_paper_request_without_a_language_stays_in_french(agent_client: Client) -> None:
    access_request = recorded_and_approved(agent_client)
    assert (access_request.user_language, access_request.auth_language) == ("fr-ca", "fr-ca")


def test_the_registered_letter_of_training_credentials_is_in_the_users_language(
    agent_client: Client,
) -> None:
    recorded_and_approved(
        agent_client, **{"meta-user_language": "en", "user-credentials": "training"}
    )
    # The portal account's letter and the B2B client's (sel/b2b), both in the user's language.
    letters = MailRoomLetter.objects.all()
    assert {letter.recipient for letter in letters} == {"user", "it_lead"}
    labels = {"user": "Temporary password", "it_lead": "Initial secret"}
    for letter in letters:
        text = pdf_text(bytes(letter.pdf))
        assert "REGISTERED MAIL" in text and labels[letter.recipient] in text
        assert "COURRIER RECOMMANDÉ" not in text


def test_an_unknown_language_is_refused_with_what_the_agent_typed_kept(
    agent_client: Client,
) -> None:
    response = agent_client.post(
        "/acces/regie/papier/4058/", paper_data(**{"meta-user_language": "de"})
    )
    assert response.status_code == 200
    assert "user_language" in response.context["meta"].errors
    assert not AccessRequest.objects.exists()
