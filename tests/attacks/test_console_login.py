"""Item 1: the staff console (/gestion/) had its own login, password alone, with no wait after
failures and no audit row, and its session reached every agent page of the portal. There is one
way in now: the portal's login, with the second factor."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from sel.accounts.demo import DEMO_PASSWORD
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from tests.attacks.helpers import agent_pages, console_pages, login_urls, portal_login
from tests.factories.accounts import DEFAULT_PASSWORD, AgentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _nothing_opens(client: Client) -> None:
    for url in [*console_pages(), *agent_pages()]:
        response = client.get(url)
        assert response.status_code != 200, url
        assert "_auth_user_id" not in client.session, url


def test_attacker_tries_30_passwords_then_the_right_one_without_totp_at_every_login_url(
    client: Client, settings: Any
) -> None:
    settings.DEBUG = True  # the demo data loads only in development
    call_command("demo_data")
    urls = login_urls()
    assert "/gestion/login/" in urls and "/compte/connexion/" in urls
    for url in urls:
        for attempt in range(30):
            client.post(url, {"username": "CE900001", "password": f"guess-{attempt}-wrong"})
    for url in urls:
        client.post(url, {"username": "CE900001", "password": DEMO_PASSWORD})
        _nothing_opens(client)


def test_attacker_with_the_agents_password_alone_opens_no_console_or_agent_page(
    client: Client,
) -> None:
    agent = AgentFactory(is_superuser=True)
    for url in login_urls():
        client.post(url, {"username": agent.username, "password": DEFAULT_PASSWORD})
        _nothing_opens(client)


def test_attacker_posts_passwords_to_the_console_login_and_none_is_even_checked(
    client: Client,
) -> None:
    agent = AgentFactory(is_superuser=True)
    response = client.post(
        "/gestion/login/?next=/gestion/accounts/user/",
        {"username": agent.username, "password": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/compte/connexion/?next=/gestion/accounts/user/"
    assert "_auth_user_id" not in client.session
    assert not AuditEvent.objects.filter(action=Action.LOGIN_SUCCEEDED).exists()


def test_the_console_sends_people_to_the_portal_login_and_back_after_the_second_factor(
    client: Client,
) -> None:
    response = client.get("/gestion/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == "/compte/connexion/?next=/gestion/accounts/user/"
    response = client.get("/gestion/login/?next=/gestion/accounts/user/")
    assert response["Location"] == "/compte/connexion/?next=/gestion/accounts/user/"
    agent = AgentFactory(is_superuser=True)
    landed = portal_login(client, agent, next_url="/gestion/accounts/user/")
    assert landed == "/gestion/accounts/user/"
    assert client.get(landed).status_code == 200


def test_a_session_opened_without_the_second_factor_reaches_no_agent_page(
    client: Client,
) -> None:
    """Whatever path opened it (an old console login, a session from before this change), a
    session that never passed the second factor of an account that has one is worth nothing."""
    agent = AgentFactory(is_superuser=True)
    client.force_login(agent)  # what /gestion/login/ used to do: the password, and a session
    _nothing_opens(client)
    assert AuditEvent.objects.filter(
        action=Action.AUTHORIZATION_REFUSED, actor=agent, details__reason="second_factor"
    ).exists()


def test_staff_logging_out_of_the_console_goes_through_the_portal_logout(client: Client) -> None:
    agent = AgentFactory(is_superuser=True)
    assert portal_login(client, agent) == "/"
    assert client.get("/gestion/").status_code == 200
    response = client.post("/gestion/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=Action.LOGOUT, actor=agent).exists()


def test_a_professional_logged_in_at_the_portal_is_refused_the_console_with_a_trace(
    client: Client,
) -> None:
    user = UserFactory()
    assert portal_login(client, user) == "/"
    response = client.get("/gestion/")
    assert response.status_code == 403
    assert AuditEvent.objects.filter(
        action=Action.AUTHORIZATION_REFUSED, actor=user, details__reason="not_staff"
    ).exists()


def test_a_staff_password_change_in_the_console_goes_through_the_portal(client: Client) -> None:
    """Django's own password-change page would skip the portal's history, notice and sessions."""
    agent = AgentFactory(is_superuser=True)
    portal_login(client, agent)
    response = client.get("/gestion/password_change/")
    assert response.status_code == 302
    assert response["Location"] == "/compte/parametres/mot-de-passe/"
