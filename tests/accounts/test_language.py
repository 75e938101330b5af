"""The account's language (French by default): chosen in *Paramètres du compte* or with the
language switch, applied at login, and the language of every email to the account, whatever
the language of whoever causes the email."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from sel.accounts import throttle
from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.core.counters import counter_increment
from tests.accounts.helpers import page
from tests.conftest import SmtpServer, login, run_worker
from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME
# The worker closes its database connection: tests that run it are transactional.
WITH_WORKER = pytest.mark.django_db(transaction=True)
# (the language the person causing the email browses in, the recipient's language)
OPPOSITE = [("fr-ca", "en"), ("en", "fr-ca")]


def browsing_in(language: str) -> Client:
    client = Client()
    client.cookies[COOKIE] = language
    return client


def language_events(user: User) -> list[dict[str, Any]]:
    return [
        event.details
        for event in AuditEvent.objects.filter(
            action=Action.LANGUAGE_SET, target_id=str(user.pk)
        ).order_by("pk")
    ]


def test_an_account_is_in_french_unless_its_owner_chooses_english(client: Client) -> None:
    user = UserFactory()
    assert user.language == "fr-ca"
    login(client, user)
    html = page(client.get("/compte/parametres/"))
    assert '<option value="fr-ca" selected>Français</option>' in html


def test_the_settings_page_saves_the_language_with_an_audit_event_and_switches_the_portal(
    client: Client,
) -> None:
    user = UserFactory()
    login(client, user)
    response = client.post("/compte/parametres/langue/", {"language": "en"})
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "en"
    user.refresh_from_db()
    assert user.language == "en"
    assert language_events(user) == [{"language": "en", "via": "settings"}]
    html = page(client.get(response["Location"]))
    assert "Account settings" in html and "Your language is saved." in html
    assert '<option value="en" selected>English</option>' in html


def test_a_language_the_portal_does_not_have_is_refused_with_a_message(client: Client) -> None:
    user = UserFactory()
    login(client, user)
    response = client.post("/compte/parametres/langue/", {"language": "de"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in page(response)
    user.refresh_from_db()
    assert user.language == "fr-ca"
    assert language_events(user) == []


def test_the_language_switch_saves_a_logged_in_users_language_with_an_audit_event(
    client: Client,
) -> None:
    user = UserFactory()
    login(client, user)
    response = client.post("/langue/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and response.cookies[COOKIE].value == "en"
    user.refresh_from_db()
    assert user.language == "en"
    client.post("/langue/", {"language": "en", "next": "/"})  # no change: no second event
    client.post("/langue/", {"language": "fr-ca", "next": "/"})
    user.refresh_from_db()
    assert user.language == "fr-ca"
    assert language_events(user) == [
        {"language": "en", "via": "switch"},
        {"language": "fr-ca", "via": "switch"},
    ]


def test_the_language_switch_of_a_visitor_changes_no_account(client: Client) -> None:
    user = UserFactory()
    response = client.post("/langue/", {"language": "en", "next": "/"})
    assert response.cookies[COOKIE].value == "en"
    user.refresh_from_db()
    assert user.language == "fr-ca"
    assert not AuditEvent.objects.filter(action=Action.LANGUAGE_SET).exists()


def test_an_unknown_language_sent_to_the_switch_changes_nothing(client: Client) -> None:
    user = UserFactory()
    login(client, user)
    response = client.post("/langue/", {"language": "de", "next": "/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "fr-ca"
    assert language_events(user) == []


@pytest.mark.parametrize(("browsing", "preferred"), OPPOSITE)
def test_login_turns_the_portal_to_the_accounts_language(browsing: str, preferred: str) -> None:
    user = UserFactory(language=preferred)
    client = browsing_in(browsing)
    response = client.post(
        "/compte/connexion/", {"username": user.username, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == preferred
    html = page(client.get("/compte/parametres/"))
    assert ("Account settings" in html) == (preferred == "en")
    assert language_events(user) == []  # applying the preference does not change it


@WITH_WORKER
@pytest.mark.parametrize(("browsing", "preferred"), OPPOSITE)
def test_the_lock_notification_is_in_the_users_language_not_the_one_who_failed(
    smtp_server: SmtpServer, browsing: str, preferred: str
) -> None:
    user = UserFactory(language=preferred)
    key = throttle.account_key(user.username, user.pk)
    counter_increment(f"login:total:{key}", ttl=None, by=99)
    browsing_in(browsing).post(
        "/compte/connexion/", {"username": user.username, "password": "mauvais"}
    )
    user.refresh_from_db()
    assert user.is_locked
    run_worker()
    subjects = [subject for subject, _body in smtp_server.texts(user.email)]
    expected = {
        "en": "Your online services account is locked",
        "fr-ca": "Votre compte des services en ligne est verrouillé",
    }[preferred]
    assert expected in subjects


@WITH_WORKER
@pytest.mark.parametrize(("browsing", "preferred"), OPPOSITE)
def test_the_recovery_code_is_in_the_users_language_not_the_pages(
    smtp_server: SmtpServer, browsing: str, preferred: str
) -> None:
    user = UserFactory(language=preferred)
    browsing_in(browsing).post("/compte/mot-de-passe-oublie/", {"username": user.username})
    run_worker()
    [(subject, body)] = smtp_server.texts(user.email)
    if preferred == "en":
        assert subject == "Code to change your forgotten password"
        assert "Hello" in body and "Bonjour" not in body
    else:
        assert subject == "Code pour changer votre mot de passe oublié"
        assert "Bonjour" in body and "Hello" not in body


@WITH_WORKER
@pytest.mark.parametrize(("browsing", "preferred"), OPPOSITE)
def test_a_temporary_password_from_the_support_centre_is_in_the_users_language(
    smtp_server: SmtpServer, browsing: str, preferred: str
) -> None:
    from tests.factories.accounts import AgentFactory

    agent = AgentFactory(username="CE900555", is_superuser=True)
    user = UserFactory(language=preferred)
    client = browsing_in(browsing)
    login(client, agent)
    response = client.post(
        f"/compte/soutien/compte/{user.pk}/",
        {"action": "temporary_password", "reason": "Identité établie au téléphone"},
    )
    assert response.status_code == 302
    run_worker()
    [(subject, _body)] = smtp_server.texts(user.email)
    assert (
        subject
        == {
            "en": "Your temporary password for the online services",
            "fr-ca": "Votre mot de passe temporaire des services en ligne",
        }[preferred]
    )


@WITH_WORKER
def test_the_support_centre_chooses_the_language_of_a_registration_pin(
    smtp_server: SmtpServer,
) -> None:
    from tests.factories.accounts import AgentFactory, professions

    professions()
    client = Client()  # the agent browses in French
    login(client, AgentFactory(username="CE900556", is_superuser=True))
    response = client.post(
        "/compte/soutien/nip/",
        {
            "practice_number": "1234567",
            "first_name": "Chloé",
            "last_name": "Nadeau",
            "email": "chloe@exemple.qc.ca",
            "language": "en",
            "profession": "pharmacien",
            "reason": "New pharmacist, English-speaking",
        },
    )
    assert response.status_code == 302
    run_worker()
    [(subject, body)] = smtp_server.texts("chloe@exemple.qc.ca")
    assert subject == "Your registration PIN for the online services"
    assert "Bonjour" not in body
