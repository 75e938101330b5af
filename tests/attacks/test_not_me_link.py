"""Attacks with the "this was not me" link of the password-changed email: whoever holds an old
link (a forwarded email, a mailbox read later) must not be able to lock the account again. The
link is bound to the account's security generation: it is single use, and dies at the next
password change, lock or unlock, and after 10 days (issue « Security perimeter », item 10)."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from django.core import signing
from django.test import Client

from sel.accounts.models import User
from sel.accounts.services import support as services_support
from tests.accounts.helpers import last_secret, page
from tests.conftest import login
from tests.factories.accounts import DEFAULT_PASSWORD, AgentFactory, UserFactory

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8000"
SECOND_PASSWORD = "une deuxieme phrase de passe solide"
THIRD_PASSWORD = "une troisieme phrase de passe solide"
INVALID = "Ce lien n'est pas valide"


def _change_password(user: User, current: str, new: str) -> str:
    """The owner changes the password in the settings; returns the link of the email."""
    user.refresh_from_db()
    client = Client()
    login(client, user)
    response = client.post(
        "/compte/parametres/mot-de-passe/",
        {"current_password": current, "new_password1": new, "new_password2": new},
    )
    assert response["Location"] == "/compte/parametres/"
    return last_secret("accounts/password_changed", "not_me_url").removeprefix(BASE)


def _unlock(user: User) -> None:
    services_support.account_unlock_by_support(
        user=user, actor=AgentFactory(), reason="identité vérifiée au téléphone", request=None
    )


def _logs_in(user: User, password: str) -> bool:
    response = Client().post(
        "/compte/connexion/", {"username": user.username, "password": password}
    )
    return response.status_code == 302


def test_attacker_replays_an_old_not_me_link_after_the_unlock_and_a_new_password() -> None:
    user = UserFactory()
    link = _change_password(user, DEFAULT_PASSWORD, SECOND_PASSWORD)
    assert Client().post(link).status_code == 200  # the owner reports it
    user.refresh_from_db()
    assert user.is_locked and user.lock_reason == "not_me"
    _unlock(user)
    _change_password(user, SECOND_PASSWORD, THIRD_PASSWORD)

    response = Client().post(link)

    assert response.status_code == 400
    assert INVALID in page(response)
    user.refresh_from_db()
    assert not user.is_locked
    assert _logs_in(user, THIRD_PASSWORD)


def test_attacker_replays_a_used_not_me_link_after_a_support_unlock() -> None:
    user = UserFactory()
    link = _change_password(user, DEFAULT_PASSWORD, SECOND_PASSWORD)
    Client().post(link)
    _unlock(user)

    assert Client().get(link).status_code == 400
    response = Client().post(link)

    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.is_locked
    assert _logs_in(user, SECOND_PASSWORD)


def test_attacker_uses_a_not_me_link_from_before_a_later_password_change() -> None:
    user = UserFactory()
    old_link = _change_password(user, DEFAULT_PASSWORD, SECOND_PASSWORD)
    new_link = _change_password(user, SECOND_PASSWORD, THIRD_PASSWORD)

    assert Client().post(old_link).status_code == 400
    user.refresh_from_db()
    assert not user.is_locked
    # The link of the latest change still works for its owner.
    assert Client().get(new_link).status_code == 200
    Client().post(new_link)
    user.refresh_from_db()
    assert user.is_locked and user.lock_reason == "not_me"


def test_attacker_uses_a_not_me_link_past_its_ten_days(monkeypatch: pytest.MonkeyPatch) -> None:
    user = UserFactory()
    eleven_days_ago = time.time() - 11 * 24 * 3600
    with monkeypatch.context() as patch:
        patch.setattr(signing, "time", SimpleNamespace(time=lambda: eleven_days_ago))
        link = _change_password(user, DEFAULT_PASSWORD, SECOND_PASSWORD)

    assert Client().get(link).status_code == 400
    assert Client().post(link).status_code == 400
    user.refresh_from_db()
    assert not user.is_locked
