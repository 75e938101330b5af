"""Guessing secrets at the login: the second-factor code, counters that decay with time, and
bursts of concurrent guesses (issue « Security perimeter », items 2, 3 and 14; SECURITY.md #10)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
import time_machine
from django.test import Client

from sel.accounts import throttle
from sel.core.counters import counter_get, seconds_left
from sel.outbox.models import OutboundEmail
from tests.accounts.helpers import page, page_structure
from tests.attacks.served import ServedPortal, portal_serve
from tests.factories.accounts import AGENT_TOTP_SECRET, DEFAULT_PASSWORD, AgentFactory, UserFactory

LOGIN = "/compte/connexion/"
SECOND_FACTOR = "/compte/connexion/deuxieme-facteur/"


def _password(client: Client, username: str, password: str, address: str = "203.0.113.5"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def _code(client: Client, code: str, address: str = "203.0.113.5"):
    return client.post(SECOND_FACTOR, {"code": code}, REMOTE_ADDR=address)


def _wrong_code() -> str:
    right = pyotp.TOTP(AGENT_TOTP_SECRET).now()
    return "000000" if right != "000000" else "111111"


# --- Item 2: the second-factor code -------------------------------------------------------------


@pytest.mark.django_db
def test_attacker_who_knows_the_password_guesses_totp_codes_in_a_loop(client: Client) -> None:
    agent = AgentFactory()
    assert _password(client, agent.username, DEFAULT_PASSWORD)["Location"].startswith(SECOND_FACTOR)
    answers = [_code(client, _wrong_code()) for _ in range(40)]
    # Five codes for one pending login, then the password again.
    assert all(r.status_code == 200 for r in answers[:4])
    assert answers[4]["Location"].startswith(LOGIN)
    assert all(r["Location"] == LOGIN for r in answers[5:])
    # The right code no longer opens anything.
    response = _code(client, pyotp.TOTP(AGENT_TOTP_SECRET).now())
    assert "_auth_user_id" not in client.session
    assert response["Location"] == LOGIN
    # Starting again from the password meets the wait the five wrong codes earned.
    response = _password(client, agent.username, DEFAULT_PASSWORD)
    assert response.status_code == 200
    assert "minutes avant de réessayer" in page(response)
    assert "_auth_user_id" not in client.session
    assert OutboundEmail.objects.filter(
        template="accounts/login_throttled", to=agent.email
    ).exists()


@pytest.mark.django_db
def test_a_right_code_is_refused_while_the_wait_applies(client: Client) -> None:
    agent = AgentFactory()
    _password(client, agent.username, DEFAULT_PASSWORD)
    for _ in range(3):
        _code(client, _wrong_code())
    # Two password guesses from the same address by a second client make five failures: the
    # wait starts, and the pending login's right code is refused.
    for _ in range(2):
        _password(Client(), agent.username, "mauvais mot de passe")
    response = _code(client, pyotp.TOTP(AGENT_TOTP_SECRET).now())
    assert "_auth_user_id" not in client.session
    assert "minutes avant de réessayer" in page(response)


@pytest.mark.django_db
def test_attacker_spreads_code_guesses_over_many_addresses_until_the_account_locks() -> None:
    agent = AgentFactory()
    for n in range(throttle.FAILURES_BEFORE_LOCK // throttle.FAILURES_BEFORE_WAIT):
        client, address = Client(), f"198.51.100.{n + 1}"
        assert _password(client, agent.username, DEFAULT_PASSWORD, address)["Location"].startswith(
            SECOND_FACTOR
        )
        for _ in range(5):
            _code(client, _wrong_code(), address)
    agent.refresh_from_db()
    assert agent.is_locked and agent.lock_reason == "failures"
    assert OutboundEmail.objects.filter(template="accounts/account_locked", to=agent.email).exists()
    client = Client()
    response = _password(client, agent.username, DEFAULT_PASSWORD, "192.0.2.200")
    assert "Nom d'utilisateur ou mot de passe invalide." in page(response)
    assert SECOND_FACTOR not in response.get("Location", "")


@pytest.mark.django_db
def test_second_factor_codes_count_against_the_address_limit(client: Client, settings) -> None:
    settings.LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE = 2
    agent = AgentFactory()
    _password(client, agent.username, DEFAULT_PASSWORD, "203.0.113.80")
    _code(client, _wrong_code(), "203.0.113.80")
    response = _code(client, pyotp.TOTP(AGENT_TOTP_SECRET).now(), "203.0.113.80")
    assert "Trop de tentatives de connexion depuis votre adresse" in page(response)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_attacker_cannot_tell_a_right_password_from_a_wrong_one_during_the_wait(
    client: Client,
) -> None:
    user = UserFactory()
    for _ in range(5):
        _password(client, user.username, "mauvais mot de passe")
    wrong = _password(client, user.username, "autre mauvais mot de passe")
    right = _password(client, user.username, DEFAULT_PASSWORD)
    assert "attendre 15 minutes" in page(right)
    assert page_structure(right) == page_structure(wrong)


# --- Item 14: a right password resets nothing until the second factor has passed ---------------


@pytest.mark.django_db
def test_attacker_with_the_password_cannot_clear_the_failure_count(client: Client) -> None:
    agent = AgentFactory()
    for _ in range(4):
        _password(client, agent.username, "mauvais mot de passe")
    # The right password, then no code: the four failures still stand.
    _password(client, agent.username, DEFAULT_PASSWORD)
    response = _password(Client(), agent.username, "mauvais mot de passe")
    assert "minutes avant de réessayer" in page(response)


@pytest.mark.django_db
def test_the_user_who_passes_both_factors_starts_afresh(client: Client) -> None:
    agent = AgentFactory()
    for _ in range(4):
        _password(client, agent.username, "mauvais mot de passe")
    _password(client, agent.username, DEFAULT_PASSWORD)
    assert _code(client, pyotp.TOTP(AGENT_TOTP_SECRET).now())["Location"] == "/"
    other = Client()
    for _ in range(4):
        response = _password(other, agent.username, "mauvais mot de passe")
        assert "minutes avant de réessayer" not in page(response)


# --- Item 3: counters keep their lifetime -------------------------------------------------------


@pytest.mark.django_db
def test_attacker_spacing_guesses_past_five_minutes_still_meets_the_wait(client: Client) -> None:
    user = UserFactory()
    with time_machine.travel(time.time(), tick=False) as clock:
        for _ in range(5):
            response = _password(client, user.username, "mauvais mot de passe")
            clock.shift(301)
        response = _password(client, user.username, DEFAULT_PASSWORD)
    assert "minutes avant de réessayer" in page(response)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_failure_counters_keep_their_thirty_day_lifetime(client: Client) -> None:
    user = UserFactory()
    for _ in range(3):
        _password(client, user.username, "mauvais mot de passe")
    key = throttle.account_key(user.username, user.pk)
    with time_machine.travel(time.time() + 301, tick=False):
        assert counter_get(f"login:total:{key}") == 3
    assert seconds_left(f"login:total:{key}") > 29 * 24 * 3600


# --- Item 3: bursts against the served portal ---------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedPortal]:
    portal = portal_serve(Path(tmp_path_factory.mktemp("served")))
    yield portal
    portal.stop()


def _account(served: ServedPortal, username: str) -> int:
    code = (
        "from sel.accounts.models import User, Role; "
        f"u = User.objects.create(username='{username}', email='{username.lower()}@exemple.qc.ca',"
        " first_name='A', last_name='B', role=Role.PHARMACIST); "
        f"u.set_password('{DEFAULT_PASSWORD}'); u.save(); print(u.pk)"
    )
    return int(served.python(code))


first_verdicts: list[int] = []


def _burst(
    served: ServedPortal,
    username: str,
    passwords: list[str],
    answered: threading.Event | None = None,
) -> list[int]:
    """Sends the login POSTs at once from threads; returns their statuses (302: logged in).
    ``answered`` is set as soon as one of them gets the verdict of its hash (an answer other
    than the wait page, which comes without hashing)."""
    cookie, token = served.login_form()
    statuses = [0] * len(passwords)
    start = threading.Barrier(len(passwords))

    def send(n: int) -> None:
        start.wait()
        response = served.request(
            "POST",
            LOGIN,
            data={"username": username, "password": passwords[n], "csrfmiddlewaretoken": token},
            cookies=cookie,
        )
        statuses[n] = response.status
        if answered is not None and "minutes avant de réessayer" not in response.body:
            first_verdicts.append(response.status)
            answered.set()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(len(passwords))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_twenty_concurrent_wrong_guesses_count_twenty(served: ServedPortal) -> None:
    pk = _account(served, "CE610001")
    statuses = _burst(served, "CE610001", ["mauvais mot de passe"] * 20)
    assert statuses == [200] * 20
    assert served.counter(f"login:total:u{pk}") == 20
    assert served.counter(f"login:fail:u{pk}:127.0.0.1") == 20


def test_right_password_sent_in_a_burst_of_wrong_ones_is_refused_once_the_wait_applies(
    served: ServedPortal,
) -> None:
    """The served portal hashes at t=24 here, so a burst's hashes take over a second: the
    wrong guesses must be counted as they arrive, not when their hash is done."""
    pk = _account(served, "CE610002")
    cookie, token = served.login_form()
    answered = threading.Event()
    wrong = threading.Thread(
        target=_burst, args=(served, "CE610002", ["mauvais mot de passe"] * 12, answered)
    )
    wrong.start()
    # Counting before the hash: five guesses are counted while every one of them is still being
    # hashed (none answered yet). Counting after the hash would first need five answers.
    deadline = time.monotonic() + 60
    while served.counter(f"login:fail:u{pk}:127.0.0.1") < 5 and time.monotonic() < deadline:
        assert not answered.is_set(), (
            f"a guess was hashed and answered ({first_verdicts[0]}) before five were counted"
        )
        time.sleep(0.01)
    assert served.counter(f"login:fail:u{pk}:127.0.0.1") >= 5
    right = served.request(
        "POST",
        LOGIN,
        data={"username": "CE610002", "password": DEFAULT_PASSWORD, "csrfmiddlewaretoken": token},
        cookies=cookie,
    )
    wrong.join()
    assert right.status == 200
    assert "minutes avant de réessayer" in right.body
