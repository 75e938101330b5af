"""Account creation and temporary passwords (seeds 001, 002; SECURITY.md #20)."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone

from sel.accounts.models import Role, User
from sel.accounts.services.account import account_create
from sel.accounts.services.password import temporary_password_issue
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from tests.factories.accounts import AgentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _new_account(**kwargs: object) -> User:
    defaults: dict[str, object] = {
        "username": None,
        "email": "nouvelle@exemple.qc.ca",
        "first_name": "Anne",
        "last_name": "Pelletier",
        "role": Role.ADMIN_ASSISTANT,
        "actor": AgentFactory(),
    }
    defaults.update(kwargs)
    return account_create(**defaults)


def test_account_create_allocates_the_next_free_ce_number() -> None:
    UserFactory(username="CE200041")
    first = _new_account()
    second = _new_account(email="autre@exemple.qc.ca")
    assert first.username == "CE200042"
    assert second.username == "CE200043"
    assert not first.has_usable_password()
    assert first.must_set_questions
    assert AuditEvent.objects.filter(
        action=Action.ACCOUNT_CREATED, target_id=str(first.pk)
    ).exists()


def test_account_create_keeps_a_given_ip_username_in_capitals() -> None:
    user = _new_account(username="ip123456", role=Role.PRESCRIBER, practice_number="123456")
    assert user.username == "IP123456"
    assert user.practice_number == "123456"


def test_temporary_password_is_random_readable_hashed_and_expires(settings: object) -> None:
    user = UserFactory()
    agent = AgentFactory()
    first = temporary_password_issue(user=user, actor=agent, reason="appel du 2026-11-23")
    second = temporary_password_issue(user=user, actor=agent, reason="second appel")
    assert first != second
    assert len(first) >= 12
    user.refresh_from_db()
    assert second not in user.password
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(second)
    assert user.must_change_password and user.must_set_questions
    expected = timezone.now() + timedelta(days=30)
    assert abs((user.temporary_password_expires_at - expected).total_seconds()) < 60
    event = AuditEvent.objects.filter(action=Action.TEMPORARY_PASSWORD_ISSUED).first()
    assert event is not None and event.details == {"reason": "second appel"}


def test_temporary_password_works_once(client: Client) -> None:
    user = UserFactory()
    password = temporary_password_issue(user=user, actor=AgentFactory(), reason="test")
    response = client.post("/compte/connexion/", {"username": user.username, "password": password})
    assert response.status_code == 302
    client.post("/compte/deconnexion/")
    again = client.post("/compte/connexion/", {"username": user.username, "password": password})
    assert again.status_code == 200
    assert "Nom d'utilisateur ou mot de passe invalide" not in unescape(again.content.decode())
    assert "n'est plus valide" in unescape(again.content.decode())


def test_an_expired_temporary_password_is_refused(client: Client) -> None:
    user = UserFactory()
    password = temporary_password_issue(user=user, actor=AgentFactory(), reason="test")
    User.objects.filter(pk=user.pk).update(
        temporary_password_expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.post("/compte/connexion/", {"username": user.username, "password": password})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_temporary_password_cannot_be_kept_as_the_new_password(client: Client) -> None:
    user = UserFactory()
    password = temporary_password_issue(user=user, actor=AgentFactory(), reason="test")
    client.post("/compte/connexion/", {"username": user.username, "password": password})
    response = client.post(
        "/compte/nouveau-mot-de-passe/",
        {"new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert "déjà utilisé ce mot de passe" in unescape(response.content.decode())
