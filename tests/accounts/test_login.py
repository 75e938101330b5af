"""Login with IP/CE or alias, Argon2id, sessions (seed 002; SECURITY.md #2, #6, #23-#25)."""

from __future__ import annotations

from html import unescape

import pytest
from django.contrib.auth.hashers import (
    Argon2PasswordHasher,
    BasePasswordHasher,
    PBKDF2PasswordHasher,
    get_hasher,
    make_password,
)
from django.http import HttpResponse
from django.test import Client

from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from tests.conftest import login
from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str = DEFAULT_PASSWORD) -> HttpResponse:
    return client.post("/compte/connexion/", {"username": username, "password": password})


def test_login_page_is_in_french_with_forgot_password_at_the_bottom(client: Client) -> None:
    html = unescape(client.get("/compte/connexion/").content.decode())
    assert "Connexion aux services en ligne" in html
    assert "Nom d'utilisateur (IP ou CE) ou alias" in html


@pytest.mark.parametrize("typed", ["CE123456", "ce123456", " Ce123456 "])
def test_username_is_case_insensitive(client: Client, typed: str) -> None:
    UserFactory(username="CE123456")
    response = _login(client, typed)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_confirmed_alias_logs_in_and_the_ip_name_still_does(client: Client) -> None:
    UserFactory(username="IP123456", alias="julie.tremblay@exemple.qc.ca")
    assert _login(client, "Julie.Tremblay@exemple.qc.ca").status_code == 302
    client.post("/compte/deconnexion/")
    assert _login(client, "ip123456").status_code == 302


def test_a_wrong_password_gets_a_generic_message_and_an_audit_row(client: Client) -> None:
    user = UserFactory()
    response = _login(client, user.username, "mauvais mot de passe")
    assert response.status_code == 200
    assert "Nom d'utilisateur ou mot de passe invalide." in unescape(response.content.decode())
    assert AuditEvent.objects.filter(action=Action.LOGIN_FAILED, target_id=str(user.pk)).exists()


def test_success_writes_an_audit_row(client: Client) -> None:
    user = UserFactory()
    _login(client, user.username)
    assert AuditEvent.objects.filter(action=Action.LOGIN_SUCCEEDED, actor_id=user.pk).exists()


def test_a_100_character_password_is_verified_in_full(client: Client) -> None:
    password = "x" * 89 + "y" + "z" * 10
    user = UserFactory(password=password)
    changed = password[:89] + "Y" + password[90:]
    assert _login(client, user.username, changed).status_code == 200
    assert _login(client, user.username, password).status_code == 302


def test_stored_hashes_are_argon2id_with_owasp_parameters() -> None:
    user = UserFactory()
    algorithm, variant, _version, params, *_ = user.password.split("$")
    assert (algorithm, variant) == ("argon2", "argon2id")
    values = dict(item.split("=") for item in params.split(","))
    assert int(values["m"]) >= 19456
    assert int(values["t"]) >= 2


class _Argon2OneIteration(Argon2PasswordHasher):
    """Argon2id with less time than the settings, as an earlier configuration made it."""

    time_cost = 1
    memory_cost = 19456
    parallelism = 1


@pytest.mark.parametrize("older", [PBKDF2PasswordHasher(), _Argon2OneIteration()])
def test_an_older_hash_is_upgraded_at_the_next_login(
    client: Client, older: BasePasswordHasher
) -> None:
    user = UserFactory()
    stored = make_password(DEFAULT_PASSWORD, hasher=older)
    User.objects.filter(pk=user.pk).update(password=stored)
    assert _login(client, user.username, "pas le bon mot de passe").status_code == 200
    user.refresh_from_db()
    assert user.password == stored
    assert _login(client, user.username).status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert not get_hasher().must_update(user.password)


def test_the_session_key_changes_at_login_and_the_old_one_is_useless(client: Client) -> None:
    user = UserFactory()
    client.get("/compte/connexion/")
    client.session.save()
    before = client.session.session_key
    _login(client, user.username)
    after = client.session.session_key
    assert before != after
    stale = Client()
    stale.cookies["sel_session"] = str(before)
    assert "_auth_user_id" not in stale.session


def test_logout_makes_the_old_cookie_useless(client: Client) -> None:
    user = UserFactory()
    _login(client, user.username)
    cookie = client.cookies["sel_session"].value
    client.post("/compte/deconnexion/")
    replay = Client()
    replay.cookies["sel_session"] = cookie
    assert replay.get("/compte/parametres/").status_code == 302


def test_disabling_an_account_ends_its_live_sessions_at_once(client: Client) -> None:
    user = UserFactory()
    login(client, user)
    assert client.get("/compte/parametres/").status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert client.get("/compte/parametres/")["Location"].startswith("/compte/connexion/")


def test_idle_and_absolute_timeouts_end_the_session_server_side(client: Client, settings) -> None:
    from sel.accounts.services.login import AUTH_AT_KEY, SEEN_AT_KEY

    user = UserFactory()
    login(client, user)
    session = client.session
    session[SEEN_AT_KEY] = session[SEEN_AT_KEY] - settings.SESSION_IDLE_TIMEOUT_SECONDS - 5
    session.save()
    response = client.get("/compte/parametres/")
    assert response["Location"].startswith("/compte/connexion/")
    assert "_auth_user_id" not in client.session

    login(client, user)
    session = client.session
    session[AUTH_AT_KEY] = session[AUTH_AT_KEY] - settings.SESSION_COOKIE_AGE - 5
    session.save()
    assert client.get("/compte/parametres/")["Location"].startswith("/compte/connexion/")


def test_authenticated_pages_are_no_store(client: Client) -> None:
    login(client, UserFactory())
    assert "no-store" in client.get("/compte/parametres/")["Cache-Control"]
