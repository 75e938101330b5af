"""*Mot de passe oublié?* (seeds 001, 002; SECURITY.md #14-#18)."""

from __future__ import annotations

import pytest
from django.test import Client

from sel.accounts.models import EmailCode, User
from sel.accounts.questions import question_text
from sel.accounts.services import recovery
from sel.outbox.models import OutboundEmail
from tests.accounts.helpers import last_secret, page, page_structure
from tests.conftest import login
from tests.factories.accounts import AGENT_TOTP_SECRET, UserFactory, answer_questions

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "une toute nouvelle phrase de passe"


def _start(client: Client, username: str) -> None:
    response = client.post("/compte/mot-de-passe-oublie/", {"username": username})
    assert response["Location"] == "/compte/mot-de-passe-oublie/code/"


def _enter_code(client: Client, user: User) -> None:
    code = last_secret("accounts/recovery_code", to=user.email)
    response = client.post("/compte/mot-de-passe-oublie/code/", {"code": code})
    assert response["Location"] == "/compte/mot-de-passe-oublie/questions/"


def _drawn(client: Client) -> list[str]:
    attempt = recovery.current_attempt(_request_for(client))
    assert attempt is not None
    return list(attempt.questions)


def _request_for(client: Client):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.session = client.session
    return request


def _answer(client: Client, answers: dict[str, str], **extra: str):
    data = {f"answer_{code}": answers[code] for code in _drawn(client)}
    data.update(extra)
    return client.post("/compte/mot-de-passe-oublie/questions/", data)


def test_the_whole_recovery_ends_other_sessions_and_sends_to_the_questions(client: Client) -> None:
    user = UserFactory()
    answers = answer_questions(user)
    other = Client()
    login(other, user)
    assert other.get("/compte/parametres/").status_code == 200

    _start(client, user.username.lower())
    _enter_code(client, user)
    drawn = _drawn(client)
    assert len(drawn) == 3 and set(drawn) <= set(answers)
    html = page(client.get("/compte/mot-de-passe-oublie/questions/"))
    client.get("/compte/mot-de-passe-oublie/questions/")
    assert _drawn(client) == drawn  # reloading draws nothing new
    assert all(question_text(code) in html for code in drawn)

    response = _answer(client, {c: answers[c].upper() + " " for c in drawn})
    assert response["Location"] == "/compte/mot-de-passe-oublie/nouveau/"
    response = client.post(
        "/compte/mot-de-passe-oublie/nouveau/",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == "/compte/connexion/"
    assert "_auth_user_id" not in client.session  # not logged in automatically
    assert other.get("/compte/parametres/").status_code == 302  # the other session is dead
    assert (
        OutboundEmail.objects.filter(template="accounts/password_changed", to=user.email).count()
        == 1
    )

    response = client.post(
        "/compte/connexion/", {"username": user.username, "password": NEW_PASSWORD}
    )
    assert response["Location"] == "/compte/questions-secretes/"
    assert "Conserver mes questions actuelles" in page(client.get("/compte/questions-secretes/"))


def test_the_code_goes_only_to_the_accounts_own_address() -> None:
    client = Client()
    user = UserFactory(email="vraie@exemple.qc.ca", alias="alias@exemple.qc.ca")
    answer_questions(user)
    _start(client, "alias@exemple.qc.ca")
    emails = OutboundEmail.objects.filter(template="accounts/recovery_code")
    assert [e.to for e in emails] == ["vraie@exemple.qc.ca"]


@pytest.mark.parametrize("case", ["unknown", "locked", "disabled", "no_questions", "not_me"])
def test_every_kind_of_name_gets_the_same_pages_before_the_code(client: Client, case: str) -> None:
    known = UserFactory()
    answer_questions(known)
    other = UserFactory()
    if case != "no_questions":
        answer_questions(other)
    if case == "locked":
        User.objects.filter(pk=other.pk).update(
            locked_at="2026-01-01T00:00Z", lock_reason="failures"
        )
    if case == "disabled":
        User.objects.filter(pk=other.pk).update(is_active=False)
    if case == "not_me":
        User.objects.filter(pk=other.pk).update(locked_at="2026-01-01T00:00Z", lock_reason="not_me")
    name = "CE999123" if case == "unknown" else other.username

    answers = []
    for username in (known.username, name):
        c = Client()
        start = c.post("/compte/mot-de-passe-oublie/", {"username": username})
        code_page = c.get("/compte/mot-de-passe-oublie/code/")
        wrong = c.post("/compte/mot-de-passe-oublie/code/", {"code": "000000"})
        answers.append(
            (
                start.status_code,
                start["Location"],
                code_page.status_code,
                page_structure(code_page),
                wrong.status_code,
                page_structure(wrong),
            )
        )
    assert answers[0] == answers[1]
    assert "Si ce compte existe, un code" in page(code_page)


def test_a_user_without_questions_gets_the_seeds_error_once_the_code_is_right(
    client: Client,
) -> None:
    user = UserFactory()
    _start(client, user.username)
    _enter_code(client, user)
    html = page(client.get("/compte/mot-de-passe-oublie/questions/"))
    assert "Identification en ligne impossible" in html
    assert "418 643-8210" in html and "514 873-3480" in html and "1 800 463-4776" in html


def test_the_code_of_one_attempt_fails_on_another(client: Client) -> None:
    user = UserFactory()
    answer_questions(user)
    _start(client, user.username)
    first_code = last_secret("accounts/recovery_code", to=user.email)
    _start(client, user.username)
    response = client.post("/compte/mot-de-passe-oublie/code/", {"code": first_code})
    assert response.status_code == 200
    assert "inexact" in page(response)


def test_the_code_is_six_digits_hashed_and_dies_after_five_wrong_tries(client: Client) -> None:
    user = UserFactory()
    answer_questions(user)
    _start(client, user.username)
    code = last_secret("accounts/recovery_code", to=user.email)
    assert len(code) == 6 and code.isdigit()
    attempt = EmailCode.objects.get(user=user)
    assert code not in attempt.code_hash
    wrong = f"{(int(code) + 1) % 1000000:06d}"
    for _ in range(4):
        assert client.post("/compte/mot-de-passe-oublie/code/", {"code": wrong}).status_code == 200
    response = client.post("/compte/mot-de-passe-oublie/code/", {"code": wrong})
    assert response["Location"] == "/compte/mot-de-passe-oublie/"
    response = client.post("/compte/mot-de-passe-oublie/code/", {"code": code})
    assert response["Location"] == "/compte/mot-de-passe-oublie/"


def test_three_wrong_recoveries_lock_recovery_for_a_day_and_email_the_user(client: Client) -> None:
    user = UserFactory()
    answers = answer_questions(user)
    for _ in range(3):
        _start(client, user.username)
        _enter_code(client, user)
        response = _answer(client, {c: "mauvaise réponse" for c in answers})
        assert "Au moins une réponse est inexacte" in page(response)
    assert "bloqué pendant 24 heures" in page(response)
    assert OutboundEmail.objects.filter(template="accounts/recovery_locked", to=user.email).exists()
    # A new attempt sends no code while recovery is locked, and the page is the same.
    before = OutboundEmail.objects.filter(template="accounts/recovery_code").count()
    _start(client, user.username)
    assert OutboundEmail.objects.filter(template="accounts/recovery_code").count() == before


def test_recovery_never_bypasses_the_second_factor(client: Client) -> None:
    import pyotp

    user = UserFactory(totp_secret=AGENT_TOTP_SECRET, totp_confirmed_at="2026-01-01T00:00Z")
    answers = answer_questions(user)
    _start(client, user.username)
    _enter_code(client, user)
    right = {c: answers[c] for c in answers}
    response = _answer(client, right, second_factor="000000")
    assert response.status_code == 200
    response = _answer(client, right)
    assert response.status_code == 200  # the field is required
    response = _answer(client, right, second_factor=pyotp.TOTP(AGENT_TOTP_SECRET).now())
    assert response["Location"] == "/compte/mot-de-passe-oublie/nouveau/"


def test_without_the_emailed_code_the_seeds_exact_flow_goes_to_the_questions(
    client: Client, settings
) -> None:
    settings.RECOVERY_EMAIL_CODE = False
    user = UserFactory()
    answers = answer_questions(user)
    response = client.post("/compte/mot-de-passe-oublie/", {"username": user.username})
    assert response["Location"] == "/compte/mot-de-passe-oublie/questions/"
    assert not OutboundEmail.objects.filter(template="accounts/recovery_code").exists()
    response = _answer(client, answers)
    assert response["Location"] == "/compte/mot-de-passe-oublie/nouveau/"


def test_the_answers_page_cannot_be_skipped(client: Client) -> None:
    user = UserFactory()
    answer_questions(user)
    _start(client, user.username)
    _enter_code(client, user)
    response = client.post(
        "/compte/mot-de-passe-oublie/nouveau/",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == "/compte/mot-de-passe-oublie/questions/"
