"""Attacks on *Paramètres du compte* with a stolen session: every form there asks for the current
password, and that check must neither be an unlimited guessing oracle nor answer anything else
before the password is known right (issue « Security perimeter », items 8 and 9)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyotp
import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from sel.accounts import throttle
from sel.accounts.models import EmailCode, User
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.outbox.models import OutboundEmail
from tests.accounts.helpers import page, page_structure
from tests.conftest import login
from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory, answer_questions

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "une toute nouvelle phrase de passe"
WRONG = "pas le bon mot de passe"
WAIT_FR = "vous devez attendre"
WAIT_EN = "you must wait"
TOTP_SECRET = "JBSWY3DPEHPK3PXPSETTINGSATTACKS2"


@dataclass(frozen=True)
class SettingsForm:
    """One settings form that asks for the current password: where it is, what an attacker
    posts besides the password, a value of that post the page must keep, and whether the change
    it asks for happened."""

    name: str
    url: str
    prepare: Callable[[User, Client], None]
    data: Callable[[Client], dict[str, str]]
    kept: str | None
    changed: Callable[[User], bool]


def _nothing(user: User, client: Client) -> None:
    return None


def _with_alias(user: User, client: Client) -> None:
    User.objects.filter(pk=user.pk).update(alias="alias@perso.qc.ca")


def _with_second_factor(user: User, client: Client) -> None:
    User.objects.filter(pk=user.pk).update(
        totp_secret=TOTP_SECRET, totp_confirmed_at=timezone.now()
    )
    user.refresh_from_db()
    login(client, user)  # the stolen session is one that passed the second factor


def _setup_started(user: User, client: Client) -> None:
    client.get("/compte/parametres/deuxieme-facteur/")


def _questions_data(client: Client) -> dict[str, str]:
    data = {}
    for i in range(1, 9):
        data[f"question_{i}"] = f"q{i + 8:02d}"
        data[f"answer_{i}"] = f"nouvelle reponse numero {i}"
    return data


def _totp_data(client: Client) -> dict[str, str]:
    return {"code": pyotp.TOTP(client.session["sel_totp_setup"]).now()}


def _password_changed(user: User) -> bool:
    user.refresh_from_db()
    return not user.check_password(DEFAULT_PASSWORD)


def _questions_changed(user: User) -> bool:
    return user.secret_answers.filter(question="q16").exists()


def _alias_requested(user: User) -> bool:
    return EmailCode.objects.filter(user=user, purpose=EmailCode.Purpose.ALIAS).exists()


def _alias_removed(user: User) -> bool:
    user.refresh_from_db()
    return user.alias is None


def _second_factor_enabled(user: User) -> bool:
    user.refresh_from_db()
    return user.has_second_factor


def _second_factor_removed(user: User) -> bool:
    user.refresh_from_db()
    return not user.has_second_factor


FORMS = [
    SettingsForm(
        "password",
        "/compte/parametres/mot-de-passe/",
        _nothing,
        lambda client: {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        None,
        _password_changed,
    ),
    SettingsForm(
        "questions",
        "/compte/parametres/questions/",
        _nothing,
        _questions_data,
        "nouvelle reponse numero 3",
        _questions_changed,
    ),
    SettingsForm(
        "alias",
        "/compte/parametres/alias/",
        _nothing,
        lambda client: {"alias": "nouvel.alias@perso.qc.ca"},
        "nouvel.alias@perso.qc.ca",
        _alias_requested,
    ),
    SettingsForm(
        "alias_removal",
        "/compte/parametres/alias/",
        _with_alias,
        lambda client: {"remove": "1"},
        None,
        _alias_removed,
    ),
    SettingsForm(
        "second_factor_setup",
        "/compte/parametres/deuxieme-facteur/",
        _setup_started,
        _totp_data,
        None,
        _second_factor_enabled,
    ),
    SettingsForm(
        "second_factor_removal",
        "/compte/parametres/deuxieme-facteur/retirer/",
        _with_second_factor,
        lambda client: {},
        None,
        _second_factor_removed,
    ),
]


def _stolen_session(**fields: Any) -> tuple[User, Client]:
    user = UserFactory(**fields)
    answer_questions(user)
    client = Client()
    login(client, user)
    return user, client


def _post(client: Client, form: SettingsForm, password: str) -> Any:
    return client.post(form.url, {**form.data(client), "current_password": password})


@pytest.mark.parametrize("form", FORMS, ids=[f.name for f in FORMS])
def test_attacker_with_a_stolen_session_guesses_the_current_password(form: SettingsForm) -> None:
    user, attacker = _stolen_session()
    form.prepare(user, attacker)
    for _guess in range(throttle.FAILURES_BEFORE_WAIT):
        response = _post(attacker, form, WRONG)
        assert response.status_code == 200
        assert "Le mot de passe actuel est inexact" in page(response)
    # The 5th wrong guess started the login's wait: the owner is emailed, as after 5 failures at
    # the login page, and every guess left an audit event.
    assert OutboundEmail.objects.filter(template="accounts/login_throttled", to=user.email).exists()
    assert (
        AuditEvent.objects.filter(
            action=Action.CURRENT_PASSWORD_FAILED, target_id=str(user.pk)
        ).count()
        == throttle.FAILURES_BEFORE_WAIT
    )
    # Now even the right password is refused, with the wait, and nothing the user typed is lost.
    response = _post(attacker, form, DEFAULT_PASSWORD)
    assert response.status_code == 200
    html = page(response)
    assert WAIT_FR in html
    if form.kept is not None:
        assert form.kept in html
    assert not form.changed(user)


@pytest.mark.parametrize("form", FORMS, ids=[f.name for f in FORMS])
def test_attacker_with_a_stolen_session_cannot_tell_a_right_guess_during_the_wait(
    form: SettingsForm,
) -> None:
    user, attacker = _stolen_session()
    form.prepare(user, attacker)
    for _guess in range(throttle.FAILURES_BEFORE_WAIT):
        _post(attacker, form, WRONG)
    wrong = page_structure(_post(attacker, form, "encore un autre essai"))
    right = page_structure(_post(attacker, form, DEFAULT_PASSWORD))
    if form.name == "second_factor_setup":  # the code field holds the current TOTP code
        wrong = wrong.replace(_totp_data(attacker)["code"], "")
        right = right.replace(_totp_data(attacker)["code"], "")
    assert right == wrong


def test_attacker_with_a_stolen_session_is_told_the_wait_in_english() -> None:
    user, attacker = _stolen_session(language="en")
    attacker.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    form = FORMS[2]  # the alias
    for _guess in range(throttle.FAILURES_BEFORE_WAIT):
        _post(attacker, form, WRONG)
    html = page(_post(attacker, form, DEFAULT_PASSWORD))
    assert WAIT_EN in html
    assert "nouvel.alias@perso.qc.ca" in html
    assert not _alias_requested(user)


def test_attacker_spreads_guesses_between_the_login_page_and_the_settings_forms() -> None:
    user, attacker = _stolen_session()
    for _guess in range(throttle.FAILURES_BEFORE_WAIT - 1):
        Client().post("/compte/connexion/", {"username": user.username, "password": WRONG})
    _post(attacker, FORMS[0], WRONG)
    # One count: the 5th failure, made in the settings, makes the login page wait too.
    response = Client().post(
        "/compte/connexion/", {"username": user.username, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 200
    assert WAIT_FR in page(response)


def test_attacker_with_a_stolen_session_starts_where_the_login_page_left_the_wait() -> None:
    user, attacker = _stolen_session()
    for _guess in range(throttle.FAILURES_BEFORE_WAIT):
        Client().post("/compte/connexion/", {"username": user.username, "password": WRONG})
    response = _post(attacker, FORMS[0], DEFAULT_PASSWORD)
    assert WAIT_FR in page(response)
    assert not _password_changed(user)


def test_attacker_with_a_stolen_session_makes_the_hundredth_failure_and_the_account_locks() -> None:
    user, attacker = _stolen_session()
    key = throttle.account_key(user.username, user.pk)
    # 99 failures from many addresses, as a slow distributed guesser would make at the login page.
    for failure in range(throttle.FAILURES_BEFORE_LOCK - 1):
        throttle.login_failure_record(key, f"198.51.100.{failure // 4}")
    user.refresh_from_db()
    assert not user.is_locked
    _post(attacker, FORMS[0], WRONG)
    user.refresh_from_db()
    assert user.is_locked and user.lock_reason == "failures"
    assert OutboundEmail.objects.filter(template="accounts/account_locked", to=user.email).exists()
    # The lock ended every session, the stolen one included.
    assert attacker.get("/compte/parametres/")["Location"].startswith("/compte/connexion/")


def test_attacker_with_a_stolen_session_tries_a_guess_as_the_new_password() -> None:
    """The "you used this password recently" check compares the new password with the current
    one: without the right current password, it must not answer."""
    user, attacker = _stolen_session()

    def attempt(guess: str) -> str:
        response = attacker.post(
            "/compte/parametres/mot-de-passe/",
            {"current_password": WRONG, "new_password1": guess, "new_password2": guess},
        )
        return page_structure(response).replace(guess, "")

    assert attempt(DEFAULT_PASSWORD) == attempt("une supposition parmi tant d'autres")
    assert (
        AuditEvent.objects.filter(
            action=Action.CURRENT_PASSWORD_FAILED, target_id=str(user.pk)
        ).count()
        == 2
    )


def test_attacker_with_a_stolen_session_probes_which_aliases_are_taken() -> None:
    UserFactory(alias="victime@exemple.qc.ca")
    _user, attacker = _stolen_session()

    def attempt(alias: str) -> str:
        response = attacker.post(
            "/compte/parametres/alias/", {"alias": alias, "current_password": WRONG}
        )
        assert "déjà utilisé" not in page(response)
        assert "Le mot de passe actuel est inexact" in page(response)
        return page_structure(response).replace(alias, "")

    assert attempt("victime@exemple.qc.ca") == attempt("libre@exemple.qc.ca")


def test_the_owner_with_the_right_password_is_told_an_alias_is_taken() -> None:
    UserFactory(alias="victime@exemple.qc.ca")
    _user, owner = _stolen_session()
    response = owner.post(
        "/compte/parametres/alias/",
        {"alias": "Victime@exemple.qc.ca", "current_password": DEFAULT_PASSWORD},
    )
    assert "Cet alias est déjà utilisé" in page(response)
    assert "Victime@exemple.qc.ca" in page(response)
