"""First login and expired passwords: new password, then 8 secret questions (seeds 001, 002)."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone

from sel.accounts.services.password import temporary_password_issue
from tests.conftest import login
from tests.factories.accounts import (
    AgentFactory,
    UserFactory,
    answer_questions,
    questions_post_data,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "une phrase de passe assez longue"


def test_first_login_goes_to_new_password_then_questions_then_home(client: Client) -> None:
    user = UserFactory(first_name="Anne", last_name="PELLETIER")
    password = temporary_password_issue(user=user, actor=AgentFactory(), reason="premier accès")
    response = client.post("/compte/connexion/", {"username": user.username, "password": password})
    assert response["Location"] == "/compte/nouveau-mot-de-passe/"
    # Every other page sends back to the step.
    assert client.get("/")["Location"] == "/compte/nouveau-mot-de-passe/"
    assert client.get("/compte/parametres/")["Location"] == "/compte/nouveau-mot-de-passe/"
    response = client.post(
        "/compte/nouveau-mot-de-passe/",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == "/compte/questions-secretes/"
    assert client.get("/")["Location"] == "/compte/questions-secretes/"
    response = client.post("/compte/questions-secretes/", questions_post_data())
    assert response["Location"] == "/"
    html = client.get("/").content.decode()
    assert "Anne PELLETIER" in html
    user.refresh_from_db()
    assert not user.must_change_password and not user.must_set_questions
    assert user.secret_answers.count() == 8
    assert user.check_password(NEW_PASSWORD)


def test_questions_page_refuses_repeated_questions_and_keeps_what_was_typed(
    client: Client,
) -> None:
    user = UserFactory(must_set_questions=True)
    login(client, user)
    data = questions_post_data()
    data["question_2"] = data["question_1"]
    response = client.post("/compte/questions-secretes/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cette question est déjà choisie" in html
    assert 'value="réponse 5"' in html
    assert not user.secret_answers.exists()


@pytest.mark.parametrize(
    ("answer", "message"),
    [("ab", "au moins 3 caractères"), ("{username}", "nom d'utilisateur")],
)
def test_questions_page_refuses_short_answers_and_the_username(
    client: Client, answer: str, message: str
) -> None:
    user = UserFactory(must_set_questions=True)
    login(client, user)
    data = questions_post_data()
    data["answer_3"] = answer.format(username=user.username.lower())
    response = client.post("/compte/questions-secretes/", data)
    assert message in unescape(response.content.decode())


def test_two_equal_answers_are_refused(client: Client) -> None:
    user = UserFactory(must_set_questions=True)
    login(client, user)
    data = questions_post_data()
    data["answer_4"] = "Réponse  1"
    response = client.post("/compte/questions-secretes/", data)
    assert "réponse différente" in unescape(response.content.decode())


def test_expired_password_sends_to_the_questions_then_the_new_password(
    client: Client, settings
) -> None:
    """Seed 002: « Si votre mot de passe est expiré lors de votre prochaine connexion aux services
    en ligne, vous serez automatiquement dirigé vers la page *Questions secrètes* »."""
    settings.PASSWORD_MAX_AGE_DAYS = 180
    user = UserFactory(password_changed_at=timezone.now() - timedelta(days=181))
    answer_questions(user)
    response = client.post(
        "/compte/connexion/",
        {"username": user.username, "password": "correct horse battery staple"},
    )
    assert response["Location"] == "/compte/questions-secretes/"
    assert client.get("/")["Location"] == "/compte/questions-secretes/"
    assert "après vos questions secrètes, vous choisirez" in unescape(
        client.get("/compte/questions-secretes/").content.decode()
    )
    response = client.post("/compte/questions-secretes/", {"keep": "1"})
    assert response["Location"] == "/compte/nouveau-mot-de-passe/"
    assert client.get("/")["Location"] == "/compte/nouveau-mot-de-passe/"
    response = client.post(
        "/compte/nouveau-mot-de-passe/",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == "/"
    user.refresh_from_db()
    assert not user.must_change_password and not user.must_set_questions
    assert user.check_password(NEW_PASSWORD)


def test_password_expiry_can_be_turned_off(client: Client, settings) -> None:
    settings.PASSWORD_MAX_AGE_DAYS = 0
    user = UserFactory(password_changed_at=timezone.now() - timedelta(days=4000))
    response = client.post(
        "/compte/connexion/",
        {"username": user.username, "password": "correct horse battery staple"},
    )
    assert response["Location"] == "/"


def test_a_factory_user_is_ready_and_an_agent_factory_user_lands_on_pages(client: Client) -> None:
    login(client, UserFactory())
    assert client.get("/").status_code == 200
    client.post("/compte/deconnexion/")
    login(client, AgentFactory())
    assert client.get("/compte/parametres/").status_code == 200


def test_an_agent_without_second_factor_must_set_it_up(client: Client) -> None:
    agent = AgentFactory(totp_secret="", totp_confirmed_at=None)
    client.force_login(agent)
    assert client.get("/")["Location"] == "/compte/parametres/deuxieme-facteur/"
    assert client.get("/compte/parametres/deuxieme-facteur/").status_code == 200
