"""Every other throttle window keeps its lifetime too: the recovery lock, the PIN-registration
counter and the access-request status lookups (issue « Security perimeter », item 3). Each
attacker waits just past the 5 minutes a counter used to last, and must still be held."""

from __future__ import annotations

import time

import pytest
import time_machine
from django.test import Client

from tests.accounts.helpers import last_secret, page
from tests.factories.accounts import UserFactory, answer_questions

pytestmark = pytest.mark.django_db

PAST_THE_OLD_TIMEOUT = 301


def test_attacker_spaces_wrong_recovery_answers_past_five_minutes(client: Client) -> None:
    from sel.accounts.services import recovery
    from tests.accounts.test_recovery import _request_for

    user = UserFactory()
    answer_questions(user)
    with time_machine.travel(time.time(), tick=False) as clock:
        for _ in range(3):
            client.post("/compte/mot-de-passe-oublie/", {"username": user.username})
            code = last_secret("accounts/recovery_code", to=user.email)
            client.post("/compte/mot-de-passe-oublie/code/", {"code": code})
            attempt = recovery.current_attempt(_request_for(client))
            assert attempt is not None
            data = {f"answer_{c}": "mauvaise réponse" for c in attempt.questions}
            response = client.post("/compte/mot-de-passe-oublie/questions/", data)
            clock.shift(PAST_THE_OLD_TIMEOUT)
    assert "bloqué pendant 24 heures" in page(response)


def test_attacker_spaces_pin_guesses_past_five_minutes(client: Client) -> None:
    data = {
        "practice_number": "555556",
        "pin": "AAAA-AAAA",
        "new_password1": "ma phrase de passe de pharmacienne",
        "new_password2": "ma phrase de passe de pharmacienne",
    }
    with time_machine.travel(time.time(), tick=False) as clock:
        for _ in range(5):
            assert "inexact" in page(client.post("/compte/inscription/", data))
            clock.shift(PAST_THE_OLD_TIMEOUT)
        response = client.post("/compte/inscription/", data)
    assert "Trop d'essais" in page(response)


def test_attacker_waits_five_minutes_to_get_more_status_lookups(client: Client) -> None:
    data = {"reference": "SEL-2026-000001", "email": "personne@exemple.qc.ca"}
    with time_machine.travel(time.time(), tick=False) as clock:
        for _ in range(20):
            client.post("/acces/suivi/", data)
        assert "Trop de recherches" in page(client.post("/acces/suivi/", data))
        clock.shift(PAST_THE_OLD_TIMEOUT)
        response = client.post("/acces/suivi/", data)
    assert "Trop de recherches" in page(response)
