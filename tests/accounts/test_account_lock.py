"""One lock, one unlock (issue #11), and what *Mot de passe oublié?* does with a locked account
(issue #12, item 6). Every path goes through HTTP."""

from __future__ import annotations

import pytest
from django.test import Client

from sel.accounts import throttle
from sel.accounts.models import LockReason, User
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.core.counters import counter_increment
from sel.notices.contacts import support_centre_current
from sel.outbox.models import OutboundEmail
from tests.accounts.helpers import last_secret, page
from tests.conftest import login
from tests.factories.accounts import DEFAULT_PASSWORD, AgentFactory, UserFactory, answer_questions

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "une toute nouvelle phrase de passe"
# Seed 002: « pour un compte verrouillé, un échec lors de votre connexion ou l'oubli de votre nom
# d'utilisateur, veuillez joindre le Centre d'assistance aux professionnels ».
SEED_002_CALL = "veuillez joindre le Centre d'assistance aux professionnels"


def _login(client: Client, user: User, password: str, address: str = "203.0.113.5"):
    return client.post(
        "/compte/connexion/",
        {"username": user.username, "password": password},
        REMOTE_ADDR=address,
    )


def _lock_by_failures(user: User) -> None:
    """The 99th and 100th failures through the login page lock the account."""
    key = throttle.account_key(user.username, user.pk)
    counter_increment(f"login:total:{key}", ttl=None, by=98)
    _login(Client(), user, "mauvais", address="192.0.2.1")
    _login(Client(), user, "mauvais", address="192.0.2.2")
    user.refresh_from_db()
    assert user.is_locked and user.lock_reason == LockReason.FAILURES


def _recover_with_right_answers(client: Client, user: User, answers: dict[str, str]):
    client.post("/compte/mot-de-passe-oublie/", {"username": user.username})
    code = last_secret("accounts/recovery_code", to=user.email)
    client.post("/compte/mot-de-passe-oublie/code/", {"code": code})
    html = page(client.get("/compte/mot-de-passe-oublie/questions/"))
    data = {f"answer_{c}": a for c, a in answers.items() if f'name="answer_{c}"' in html}
    assert len(data) == 3
    return client.post("/compte/mot-de-passe-oublie/questions/", data)


def test_recovery_with_the_right_answers_leaves_a_locked_account_locked_and_gives_the_numbers(
    client: Client,
) -> None:
    user = UserFactory()
    answers = answer_questions(user)
    _lock_by_failures(user)

    response = _recover_with_right_answers(client, user, answers)
    html = page(response)
    assert response.status_code == 200
    assert SEED_002_CALL in html
    for line in support_centre_current()["phones"]:
        assert line.number in html
    # No new password can be set, whatever the attacker posts.
    assert client.get("/compte/mot-de-passe-oublie/nouveau/")["Location"].endswith("/questions/")
    client.post(
        "/compte/mot-de-passe-oublie/nouveau/",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    user.refresh_from_db()
    assert user.is_locked and user.lock_reason == LockReason.FAILURES
    assert user.check_password(DEFAULT_PASSWORD)
    assert not AuditEvent.objects.filter(action=Action.ACCOUNT_UNLOCKED).exists()
    assert "Nom d'utilisateur ou mot de passe invalide." in page(
        _login(Client(), user, DEFAULT_PASSWORD, address="192.0.2.9")
    )


def test_the_lock_email_says_to_call_with_the_numbers_not_to_use_recovery() -> None:
    user = UserFactory()
    _lock_by_failures(user)
    email = OutboundEmail.objects.get(template="accounts/account_locked", to=user.email)
    phones = support_centre_current()["phones"]
    assert email.context["phones"] == [f"{x.place} {x.number}" for x in phones]


def test_recovery_ends_the_short_waits_of_a_few_failures(client: Client) -> None:
    user = UserFactory()
    answers = answer_questions(user)
    for _ in range(5):
        response = _login(client, user, "mauvais", address="127.0.0.1")
    assert "attendre 15 minutes" in page(response)
    assert not User.objects.get(pk=user.pk).is_locked  # a wait is not a lock

    assert _recover_with_right_answers(client, user, answers)["Location"].endswith("/nouveau/")
    response = client.post(
        "/compte/mot-de-passe-oublie/nouveau/",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == "/compte/connexion/"
    assert _login(client, user, NEW_PASSWORD, address="127.0.0.1").status_code == 302


def _support_unlock(user: User) -> None:
    agent = Client()
    login(agent, AgentFactory())
    reason = "Identité vérifiée au téléphone"
    agent.post(f"/compte/soutien/compte/{user.pk}/", {"action": "unlock", "reason": reason})


def _support_temporary_password(user: User) -> None:
    agent = Client()
    login(agent, AgentFactory())
    reason = "Identité vérifiée au téléphone"
    agent.post(
        f"/compte/soutien/compte/{user.pk}/", {"action": "temporary_password", "reason": reason}
    )


@pytest.mark.parametrize("unlock", [_support_unlock, _support_temporary_password])
def test_every_unlock_lifts_the_lock_and_restarts_the_same_counts(unlock) -> None:
    """The copies disagreed: a temporary password kept the 24-hour recovery lock."""
    user = UserFactory()
    answers = answer_questions(user)
    _lock_by_failures(user)
    wrong = {code: "mauvaise réponse" for code in answers}
    for _ in range(3):
        _recover_with_right_answers(Client(), user, wrong)
    assert throttle.recovery_is_locked(user.pk)

    unlock(user)

    user.refresh_from_db()
    assert not user.is_locked and user.lock_reason == ""
    event = AuditEvent.objects.get(action=Action.ACCOUNT_UNLOCKED)
    assert event.details["lock_reason"] == LockReason.FAILURES
    assert not throttle.recovery_is_locked(user.pk)
    _login(Client(), user, "mauvais", address="192.0.2.7")  # the 100 start again
    user.refresh_from_db()
    assert not user.is_locked
