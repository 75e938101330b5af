"""An attacker without the emailed code cannot tell accounts apart: same status, same page and
the same median time over 30 tries (issue "Accounts"; SECURITY.md #8, #9, #14). The cases are
interleaved so that a slower moment of the shared machine weighs on all of them alike."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from sel.accounts import throttle
from sel.accounts.models import User
from tests.accounts.helpers import page_structure
from tests.factories import UserFactory, answer_questions

pytestmark = pytest.mark.django_db

TRIES = 30
TOLERANCE = 0.20
# A shared machine may slow one series down: the whole measurement is retaken up to 3 times.
ROUNDS = 3


def _accounts() -> dict[str, str]:
    """A name per kind of account; ``known`` is the reference."""
    known = UserFactory()
    answer_questions(known)
    locked = UserFactory(locked_at=timezone.now(), lock_reason="failures")
    answer_questions(locked)
    disabled = UserFactory(is_active=False)
    answer_questions(disabled)
    no_questions = UserFactory()
    recovery_locked = UserFactory()
    answer_questions(recovery_locked)
    for _ in range(throttle.RECOVERY_FAILURES_BEFORE_LOCK):
        throttle.recovery_failure_record(recovery_locked.pk)
    return {
        "known": str(known.username),
        "unknown": "CE888777",
        "locked": str(locked.username),
        "disabled": str(disabled.username),
        "no_questions": str(no_questions.username),
        "recovery_locked": str(recovery_locked.username),
    }


Measured = tuple[float, tuple[object, ...]]


def _run(
    cases: dict[str, str], one: Callable[[str, int], Measured]
) -> tuple[dict[str, float], dict[str, set[tuple[object, ...]]]]:
    times: dict[str, list[float]] = {case: [] for case in cases}
    answers: dict[str, set[tuple[object, ...]]] = {case: set() for case in cases}
    for attempt in range(TRIES):
        for case, name in cases.items():
            elapsed, answer = one(name, attempt)
            times[case].append(elapsed)
            answers[case].add(answer)
    return {case: statistics.median(t) for case, t in times.items()}, answers


def _timing_alike(medians: dict[str, float]) -> bool:
    base = medians["known"]
    return all(abs(median - base) <= TOLERANCE * base for median in medians.values())


def _assert_alike(cases: dict[str, str], one: Callable[[str, int], Measured]) -> None:
    """Same answers every time; same median time. The machine is shared: if another job slowed
    one series down, the whole measurement is retaken (ROUNDS) before failing."""
    for _round in range(ROUNDS):
        medians, answers = _run(cases, one)
        reference = answers["known"]
        assert len(reference) == 1
        for case, seen in answers.items():
            assert seen == reference, case
        if _timing_alike(medians):
            return
    raise AssertionError(f"median times differ by more than {TOLERANCE:.0%}: {medians}")


def _address(case_name: str, attempt: int) -> str:
    # A fresh address each time, so the per-address limits never step in.
    return f"10.{sum(map(ord, case_name)) % 250}.{attempt // 250}.{attempt % 250 + 1}"


def test_login_failures_look_the_same_for_every_kind_of_account() -> None:
    cases = _accounts()

    def one(name: str, attempt: int) -> Measured:
        client = Client()
        started = time.perf_counter()
        response = client.post(
            "/compte/connexion/",
            {"username": name, "password": "pas le bon mot de passe"},
            REMOTE_ADDR=_address(name, attempt),
        )
        elapsed = time.perf_counter() - started
        headers = tuple(sorted(k for k in response.headers if k.lower() != "set-cookie"))
        # The page keeps what the user typed; only that differs.
        body = page_structure(response).replace(f'value="{name}"', 'value="NAME"')
        return elapsed, (response.status_code, headers, body)

    _assert_alike(cases, one)


def test_forgot_password_steps_before_the_code_look_the_same_for_every_kind_of_account() -> None:
    cases = _accounts()

    def one(name: str, attempt: int) -> Measured:
        client = Client()
        address = _address(name, attempt)
        started = time.perf_counter()
        start = client.post("/compte/mot-de-passe-oublie/", {"username": name}, REMOTE_ADDR=address)
        code_page = client.get(start["Location"], REMOTE_ADDR=address)
        wrong = client.post(
            "/compte/mot-de-passe-oublie/code/", {"code": "123456"}, REMOTE_ADDR=address
        )
        elapsed = time.perf_counter() - started
        return elapsed, (
            start.status_code,
            start["Location"],
            page_structure(code_page),
            wrong.status_code,
            page_structure(wrong),
        )

    _assert_alike(cases, one)
    assert User.objects.count() == 5
