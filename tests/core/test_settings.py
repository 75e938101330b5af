"""Settings come from the environment, with safe defaults; production refuses unsafe ones."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import get_hasher, identify_hasher
from django.core.exceptions import ImproperlyConfigured

from sel.settings import env_bool

ROOT = Path(__file__).resolve().parents[2]


def run_django(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "sel.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def production_env() -> dict[str, str]:
    return {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "sel.example"}


@pytest.mark.parametrize(
    ("raw", "expected"), [("0", False), ("False", False), ("1", True), ("true", True), ("", False)]
)
def test_booleans_are_parsed_explicitly(
    raw: str, expected: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", False) is expected


def test_a_boolean_that_is_not_one_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_FLAG", "peut-être")
    with pytest.raises(ImproperlyConfigured):
        env_bool("SOME_FLAG", False)


def test_without_debug_the_server_refuses_to_start_without_a_secret_key() -> None:
    result = run_django("print('started')", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deployment_checks() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DEBUG"},
            **production_env(),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_are_secure_httponly_and_samesite_with_hsts() -> None:
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, s.SECURE_SSL_REDIRECT)"
    )
    result = run_django(code, **production_env())
    assert result.stdout.split() == ["True", "True", "Lax", "True", "True", "True"], result.stderr


def test_passwords_are_hashed_with_argon2id_at_owasp_strength_or_more() -> None:
    hasher = get_hasher("default")
    encoded = hasher.encode("un mot de passe assez long", hasher.salt())
    assert identify_hasher(encoded).algorithm == "argon2"
    assert encoded.startswith("argon2$argon2id$")
    params = hasher.decode(encoded)
    assert params["memory_cost"] >= 19456
    assert params["time_cost"] >= 2
    assert params["parallelism"] >= 1


def test_production_hashes_at_owasp_cost_raises_it_when_asked_and_refuses_weaker() -> None:
    code = (
        "from django.contrib.auth.hashers import get_hasher; h = get_hasher(); "
        "print(h.decode(h.encode('un mot de passe assez long', h.salt()))['time_cost'])"
    )
    assert run_django(code, **production_env()).stdout.split() == ["2"]
    assert run_django(code, **production_env(), ARGON2_TIME_COST="4").stdout.split() == ["4"]
    weak = run_django("print('started')", **production_env(), ARGON2_MEMORY_KIB="8192")
    assert weak.returncode != 0
    assert "below OWASP's minimum" in weak.stderr
