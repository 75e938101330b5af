"""Throttling and lockout (issue "Accounts"; SECURITY.md #10-#13)."""

from __future__ import annotations

import time

import pytest
import time_machine
from django.test import Client

from sel.accounts import throttle
from sel.accounts.models import User
from sel.core.counters import counter_increment
from sel.outbox.models import OutboundEmail
from tests.accounts.helpers import page
from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str, address: str = "203.0.113.5"):
    return client.post(
        "/compte/connexion/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_the_wait_starts_at_5_failures_and_doubles_up_to_a_day() -> None:
    assert [throttle.wait_after(n) for n in (4, 5, 6, 7)] == [0, 900, 1800, 3600]
    assert throttle.wait_after(30) == 24 * 3600


def test_after_five_failures_even_the_right_password_waits_with_the_same_message(
    client: Client,
) -> None:
    user = UserFactory()
    for _ in range(5):
        response = _login(client, user.username, "mauvais mot de passe")
    assert "attendre 15 minutes" in page(response)
    response = _login(client, user.username, DEFAULT_PASSWORD)
    assert response.status_code == 200
    text = page(response)
    assert "Nom d'utilisateur ou mot de passe invalide." in text
    assert "minutes avant de réessayer" in text
    assert "_auth_user_id" not in client.session
    # The lock emailed the user, once.
    assert (
        OutboundEmail.objects.filter(template="accounts/login_throttled", to=user.email).count()
        == 1
    )
    # Another client address is not held by this wait.
    assert (
        _login(Client(), user.username, DEFAULT_PASSWORD, address="198.51.100.7").status_code == 302
    )


def test_an_unknown_name_gets_the_same_wait_as_a_known_one(client: Client) -> None:
    user = UserFactory()
    known = [page(_login(client, user.username, "mauvais")) for _ in range(6)]
    unknown = [page(_login(client, "CE777777", "mauvais", address="203.0.113.9")) for _ in range(6)]
    strip = lambda html: html.split('name="csrfmiddlewaretoken"')[0]  # noqa: E731
    assert [strip(k) for k in known] == [strip(u) for u in unknown]


def test_a_success_resets_the_counter(client: Client) -> None:
    user = UserFactory()
    for _ in range(4):
        _login(client, user.username, "mauvais")
    assert _login(client, user.username, DEFAULT_PASSWORD).status_code == 302
    client.post("/compte/deconnexion/")
    for _ in range(4):
        _login(client, user.username, "mauvais")
    assert _login(client, user.username, DEFAULT_PASSWORD).status_code == 302


def test_100_failures_lock_the_account_until_support_or_recovery(client: Client) -> None:
    user = UserFactory()
    key = throttle.account_key(user.username, user.pk)
    counter_increment(f"login:total:{key}", ttl=None, by=98)
    _login(client, user.username, "mauvais", address="192.0.2.1")
    user.refresh_from_db()
    assert not user.is_locked
    _login(client, user.username, "mauvais", address="192.0.2.2")
    user.refresh_from_db()
    assert user.is_locked and user.lock_reason == "failures"
    assert OutboundEmail.objects.filter(template="accounts/account_locked", to=user.email).exists()
    response = _login(client, user.username, DEFAULT_PASSWORD, address="192.0.2.3")
    assert response.status_code == 200
    assert "Nom d'utilisateur ou mot de passe invalide." in page(response)


def test_password_spraying_from_one_address_is_throttled(client: Client) -> None:
    users = [UserFactory() for _ in range(3)]
    names = [u.username for u in users] + [f"CE{300000 + n}" for n in range(18)]
    with time_machine.travel(time.time(), tick=False):  # all within one minute's window
        responses = [_login(client, name, "Printemps2026!!") for name in names]
    assert all("Trop de tentatives" not in page(r) for r in responses[:20])
    assert "Trop de tentatives de connexion depuis votre adresse" in page(responses[20])


def test_a_locked_account_loses_its_open_sessions(client: Client) -> None:
    from tests.conftest import login

    user = UserFactory()
    login(client, user)
    User.objects.filter(pk=user.pk).update(locked_at="2026-01-01T00:00Z", lock_reason="support")
    assert client.get("/compte/parametres/").status_code == 302
