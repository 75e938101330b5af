"""Support-centre tools (seed 002): permission, reason and audit event for each action."""

from __future__ import annotations

import pytest
from django.test import Client

from sel.accounts.models import RegistrationPin, User
from sel.accounts.views import support as views_support
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.outbox.models import OutboundEmail
from tests.accounts.helpers import last_secret, page
from tests.conftest import login
from tests.factories.accounts import AgentFactory, UserFactory, answer_questions, professions

pytestmark = pytest.mark.django_db


def _act(client: Client, user: User, action: str, reason: str = "Identité vérifiée au téléphone"):
    return client.post(f"/compte/soutien/compte/{user.pk}/", {"action": action, "reason": reason})


def test_an_agent_finds_an_account_by_username_alias_or_name(client: Client) -> None:
    user = UserFactory(username="CE200555", last_name="Bérubé", alias="b@exemple.qc.ca")
    login(client, AgentFactory())
    for query in ("ce200555", "B@exemple.qc.ca", "bérubé"):
        assert "CE200555" in page(client.get("/compte/soutien/", {"q": query}))
    assert client.get(f"/compte/soutien/compte/{user.pk}/").status_code == 200


def test_agents_reach_the_support_area_from_the_account_settings(client: Client) -> None:
    login(client, AgentFactory())
    assert 'href="/compte/soutien/"' in page(client.get("/compte/parametres/"))
    client.post("/compte/deconnexion/")
    login(client, UserFactory())
    assert 'href="/compte/soutien/"' not in page(client.get("/compte/parametres/"))


def test_the_support_area_needs_the_permission(client: Client) -> None:
    login(client, UserFactory())
    assert client.get("/compte/soutien/").status_code == 403
    login(client, AgentFactory(support_permissions=False))
    assert client.get("/compte/soutien/").status_code == 403


def test_every_action_needs_a_reason(client: Client) -> None:
    user = UserFactory(locked_at="2026-01-01T00:00Z", lock_reason="failures")
    login(client, AgentFactory())
    response = _act(client, user, "unlock", reason="")
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.is_locked


def test_unlock_writes_an_audit_event_with_the_reason(client: Client) -> None:
    user = UserFactory(locked_at="2026-01-01T00:00Z", lock_reason="failures")
    agent = AgentFactory()
    login(client, agent)
    assert _act(client, user, "unlock")["Location"] == f"/compte/soutien/compte/{user.pk}/"
    user.refresh_from_db()
    assert not user.is_locked
    event = AuditEvent.objects.get(action=Action.ACCOUNT_UNLOCKED)
    assert (
        event.actor_id == agent.pk and event.details["reason"] == "Identité vérifiée au téléphone"
    )


def test_a_temporary_password_is_emailed_to_the_user_and_works_once(client: Client) -> None:
    user = UserFactory()
    login(client, AgentFactory())
    _act(client, user, "temporary_password")
    password = last_secret("accounts/temporary_password", "password", to=user.email)
    assert AuditEvent.objects.filter(action=Action.TEMPORARY_PASSWORD_ISSUED).exists()
    response = Client().post(
        "/compte/connexion/", {"username": user.username, "password": password}
    )
    assert response["Location"] == "/compte/nouveau-mot-de-passe/"


def test_clearing_the_questions_sends_the_user_to_choose_new_ones(client: Client) -> None:
    user = UserFactory()
    answer_questions(user)
    login(client, AgentFactory())
    _act(client, user, "clear_questions")
    user.refresh_from_db()
    assert user.secret_answers.count() == 0 and user.must_set_questions
    assert AuditEvent.objects.filter(action=Action.QUESTIONS_CLEARED).exists()


def test_disabling_ends_the_users_sessions_at_once_and_enabling_restores_login(
    client: Client,
) -> None:
    user = UserFactory()
    session = Client()
    login(session, user)
    login(client, AgentFactory())
    _act(client, user, "disable")
    assert session.get("/compte/parametres/").status_code == 302
    _act(client, user, "enable")
    assert AuditEvent.objects.filter(action=Action.ACCOUNT_ENABLED).exists()
    response = Client().post(
        "/compte/connexion/",
        {"username": user.username, "password": "correct horse battery staple"},
    )
    assert response.status_code == 302


def test_a_forgotten_username_is_emailed_to_the_accounts_address(client: Client) -> None:
    user = UserFactory(email="oubli@exemple.qc.ca")
    login(client, AgentFactory())
    _act(client, user, "send_username")
    assert (
        OutboundEmail.objects.filter(
            template="accounts/username_reminder", to="oubli@exemple.qc.ca"
        ).count()
        == 1
    )
    assert AuditEvent.objects.filter(action=Action.USERNAME_SENT).exists()


def test_registration_with_a_pin_creates_an_ip_account_then_questions(client: Client) -> None:
    professions()
    agent_client = Client()
    login(agent_client, AgentFactory())
    response = agent_client.post(
        "/compte/soutien/nip/",
        {
            "practice_number": "123789",
            "first_name": "Chloé",
            "last_name": "Nadeau",
            "email": "chloe@exemple.qc.ca",
            "profession": "pharmacien",
            "reason": "Nouvelle pharmacienne inscrite à l'Ordre",
        },
    )
    assert response.status_code == 302
    pin = last_secret("accounts/registration_pin", "pin", to="chloe@exemple.qc.ca")
    issued = RegistrationPin.objects.get()
    assert pin.replace("-", "") not in issued.pin_hash
    data = {
        "practice_number": "123789",
        "pin": "AAAA-AAAA",
        "new_password1": "ma phrase de passe de pharmacienne",
        "new_password2": "ma phrase de passe de pharmacienne",
    }
    assert "inexact" in page(client.post("/compte/inscription/", data))
    data["pin"] = pin.lower()
    response = client.post("/compte/inscription/", data)
    assert response["Location"] == "/compte/questions-secretes/"
    user = User.objects.get(username="IP123789")
    assert user.role == "pharmacist" and user.email == "chloe@exemple.qc.ca"
    # The PIN is single-use.
    client.post("/compte/deconnexion/")
    assert "inexact" in page(Client().post("/compte/inscription/", data))


def test_pin_attempts_are_throttled_per_practice_number(client: Client) -> None:
    data = {
        "practice_number": "555555",
        "pin": "AAAA-AAAA",
        "new_password1": "ma phrase de passe de pharmacienne",
        "new_password2": "ma phrase de passe de pharmacienne",
    }
    for _ in range(5):
        assert "inexact" in page(client.post("/compte/inscription/", data))
    assert "Trop d'essais" in page(client.post("/compte/inscription/", data))


@pytest.mark.parametrize("name", sorted(views_support.DECISIONS))
def test_each_support_decision_records_the_audit_action_its_table_names(
    client: Client, name: str
) -> None:
    """The DECISIONS table names the audit action of each decision: posting it records that one."""
    user = UserFactory(locked_at="2026-01-01T00:00Z", lock_reason="failures")
    login(client, AgentFactory())
    response = _act(client, user, name)
    assert response.status_code == 302
    decision = views_support.DECISIONS[name]
    assert AuditEvent.objects.filter(action=decision.action, target_id=str(user.pk)).exists()
