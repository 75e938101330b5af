"""The user and the authorizer of an access request have no account (and no language preference)
yet: each is written to in the language they filled their part of the request in, whatever the
language of the agent who decides."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from sel.access.models import AccessRequest, Grant
from sel.access.services.grants import grant_revoke
from tests.access.helpers import (
    authorizer_section,
    confirm_user_email,
    link_in_email,
    user_section,
)
from tests.conftest import SmtpServer, login, run_worker
from tests.factories.access import access_agent

pytestmark = pytest.mark.django_db(transaction=True)

USER = "julie.tremblay@exemple.qc.ca"
AUTHORIZER = "marc.gagnon@pharmacie.qc.ca"


def browsing_in(language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def filled(*, user_language: str, authorizer_language: str) -> AccessRequest:
    """Sections 1–2 filled and signed in one language, section 3 in the other."""
    response = browsing_in(user_language).post("/acces/demande/4313/", user_section())
    assert response.status_code == 302
    access_request = AccessRequest.objects.latest("pk")
    confirm_user_email(browsing_in(user_language), USER)
    link = link_in_email(AUTHORIZER, "/acces/autoriser/")
    response = browsing_in(authorizer_language).post(link, authorizer_section())
    assert response.status_code == 200
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.SUBMITTED
    return access_request


def subjects(smtp_server: SmtpServer, to: str) -> list[str]:
    return [subject for subject, _body in smtp_server.texts(to)]


def test_the_approval_emails_follow_each_persons_language_not_the_agents(
    smtp_server: SmtpServer,
) -> None:
    access_request = filled(user_language="en", authorizer_language="fr-ca")
    assert (access_request.user_language, access_request.auth_language) == ("en", "fr-ca")
    agent = browsing_in("fr-ca")
    login(agent, access_agent())
    until = timezone.localdate() + timedelta(days=730)
    response = agent.post(
        f"/acces/regie/demandes/{access_request.pk}/approve/", {"valid_until": until.isoformat()}
    )
    assert response.status_code == 302
    run_worker()
    reference = access_request.reference
    # Submission: the authorizer's link went out before they chose, in the user's language.
    assert subjects(smtp_server, USER)[:1] == [
        f"Access request {reference}: confirm your email address"
    ]
    assert f"Access request {reference} to authorize" in subjects(smtp_server, AUTHORIZER)
    assert f"Access request {reference} received by the Régie" in subjects(smtp_server, USER)
    assert f"Demande d'accès {reference} reçue à la Régie" in subjects(smtp_server, AUTHORIZER)
    [(user_subject, user_body)] = [
        t for t in smtp_server.texts(USER) if "temporary password" in t[0]
    ]
    assert user_subject == f"Access request {reference} approved: temporary password"
    assert "Bonjour" not in user_body
    [(auth_subject, auth_body)] = [
        t for t in smtp_server.texts(AUTHORIZER) if "nom d'utilisateur" in t[0]
    ]
    assert auth_subject == f"Demande d'accès {reference} acceptée : nom d'utilisateur"
    assert auth_body.startswith("Bonjour")
    access_request.refresh_from_db()
    assert access_request.account is not None
    assert access_request.account.language == "en"  # the new account keeps the user's language


def test_a_french_user_and_an_english_authorizer_with_an_english_agent(
    smtp_server: SmtpServer,
) -> None:
    access_request = filled(user_language="fr-ca", authorizer_language="en")
    agent = browsing_in("en")
    login(agent, access_agent())
    until = timezone.localdate() + timedelta(days=730)
    agent.post(
        f"/acces/regie/demandes/{access_request.pk}/approve/", {"valid_until": until.isoformat()}
    )
    reference = access_request.reference
    grant = Grant.objects.get(access_request=access_request)
    grant_revoke(grant=grant, agent=access_agent(username="CE900777"), reason="Départ")
    run_worker()
    user_subjects, authorizer_subjects = (
        subjects(smtp_server, USER),
        subjects(smtp_server, AUTHORIZER),
    )
    assert f"Demande d'accès {reference} acceptée : mot de passe temporaire" in user_subjects
    assert f"Access request {reference} approved: username" in authorizer_subjects
    # The withdrawal names the service in each person's language.
    assert f"Accès retiré : {grant.online_service.name_fr}" in user_subjects
    assert f"Access withdrawn: {grant.online_service.name_en}" in authorizer_subjects
