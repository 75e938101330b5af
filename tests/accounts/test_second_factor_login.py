"""Second factor at login (beyond the seeds; ASVS 5.0 level 2), throttled codes, secret-free logs
(SECURITY.md #16, #17, #32)."""

from __future__ import annotations

import logging

import pyotp
import pytest
from django.test import Client

from sel.accounts import throttle
from tests.accounts.helpers import page
from tests.factories.accounts import (
    AGENT_TOTP_SECRET,
    DEFAULT_PASSWORD,
    AgentFactory,
    UserFactory,
    answer_questions,
)

pytestmark = pytest.mark.django_db


def test_an_agent_logs_in_with_password_then_totp_and_a_code_works_once(client: Client) -> None:
    agent = AgentFactory()
    response = client.post(
        "/compte/connexion/", {"username": agent.username, "password": DEFAULT_PASSWORD}
    )
    assert response["Location"].startswith("/compte/connexion/deuxieme-facteur/")
    assert "_auth_user_id" not in client.session
    assert client.get("/compte/parametres/")["Location"].startswith("/compte/connexion/")
    code = pyotp.TOTP(AGENT_TOTP_SECRET).now()
    response = client.post("/compte/connexion/deuxieme-facteur/", {"code": code})
    assert response["Location"] == "/"
    assert client.get("/compte/soutien/").status_code == 200

    replay = Client()
    replay.post("/compte/connexion/", {"username": agent.username, "password": DEFAULT_PASSWORD})
    response = replay.post("/compte/connexion/deuxieme-facteur/", {"code": code})
    assert response.status_code == 200
    assert "Ce code est inexact ou a déjà servi" in page(response)


def test_the_second_factor_page_needs_a_right_password_first(client: Client) -> None:
    assert client.get("/compte/connexion/deuxieme-facteur/")["Location"] == "/compte/connexion/"


def test_guessing_emailed_codes_from_one_address_is_throttled(client: Client) -> None:
    user = UserFactory()
    answer_questions(user)
    client.post("/compte/mot-de-passe-oublie/", {"username": user.username})
    for _ in range(throttle.CODE_ATTEMPTS_PER_ADDRESS_PER_HOUR):
        throttle.code_attempts_exceeded("127.0.0.1")
    response = client.post("/compte/mot-de-passe-oublie/code/", {"code": "123456"})
    assert "Trop d'essais depuis votre adresse" in page(response)


def test_login_logs_carry_no_password_and_neutralise_line_breaks(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    user = UserFactory()
    with caplog.at_level(logging.INFO, logger="sel.audit"):
        client.post(
            "/compte/connexion/", {"username": "CE1\r\nforged line", "password": "secret-typed-1"}
        )
        client.post("/compte/connexion/", {"username": user.username, "password": "secret-typed-2"})
        client.post("/compte/connexion/", {"username": user.username, "password": DEFAULT_PASSWORD})
    text = caplog.text
    assert "login.failed" in text and "login.succeeded" in text
    assert "secret-typed" not in text and DEFAULT_PASSWORD not in text
    assert "\r\nforged" not in text
