"""A back end that does not answer (PostgreSQL restarted or its connections ended, Redis down)
gets the 503 page with Retry-After, not the 500 page: nothing was done, and the person, the proxy
or a client knows to come back (docs/cluster.md). A bug is still a 500."""

from __future__ import annotations

import pytest
import redis
from django.db import OperationalError
from django.test import Client

from tests.factories.accounts import UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    "error",
    [
        OperationalError("terminating connection due to administrator command"),
        redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379"),
    ],
)
def test_a_back_end_that_does_not_answer_gives_the_503_page(
    error: Exception, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())

    def down(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr("django.contrib.auth.get_user", down)
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Service momentanément indisponible" in response.content.decode()


@pytest.mark.django_db
def test_a_bug_is_still_the_500_page(monkeypatch: pytest.MonkeyPatch) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())

    def bug(*args: object, **kwargs: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr("django.contrib.auth.get_user", bug)
    response = client.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response
