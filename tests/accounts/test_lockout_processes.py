"""Failure counters are shared by every server process (SECURITY.md #11): two processes take
turns with the failures of one account; the wait after the 5th holds in both, even for the right
password. The counters are in Redis when REDIS_URL is set, else in the database cache (a shared
SQLite file here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


class Process:
    def __init__(self, env: dict[str, str]) -> None:
        self.popen = subprocess.Popen(
            [sys.executable, "tests/accounts/login_process.py"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ask(self, *words: str) -> dict[str, object]:
        assert self.popen.stdin is not None and self.popen.stdout is not None
        self.popen.stdin.write(" ".join(words) + "\n")
        self.popen.stdin.flush()
        answer: dict[str, object] = json.loads(self.popen.stdout.readline())
        return answer

    def stop(self) -> None:
        if self.popen.stdin is not None:
            self.popen.stdin.close()
        self.popen.wait(timeout=30)


@pytest.fixture
def two_processes(tmp_path: Path) -> Iterator[tuple[Process, Process]]:
    env = {
        **os.environ,
        "DEBUG": "1",
        "SEL_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "sel.settings",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)  # a fresh SQLite file both processes share
    env.pop("TEST_DATABASE_NAME", None)
    if env.get("REDIS_URL"):
        env["CACHE_KEY_PREFIX"] = f"{env.get('CACHE_KEY_PREFIX', 'sel')}-processes"
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "createcachetable"], cwd=ROOT, env=env, check=True)
    if env.get("REDIS_URL"):
        clear = "from django.core.cache import cache; cache.clear()"
        subprocess.run([*manage, "shell", "-c", clear], cwd=ROOT, env=env, check=True)
    first, second = Process(env), Process(env)
    yield first, second
    first.stop()
    second.stop()


def test_failures_alternating_between_two_processes_add_up(
    two_processes: tuple[Process, Process],
) -> None:
    first, second = two_processes
    password = "la_bonne_phrase_de_passe"
    first.ask("create", "CE246810", password)
    answers = [
        (first if n % 2 == 0 else second).ask("login", "CE246810", "mauvais_mot_de_passe")
        for n in range(5)
    ]
    assert {a["pid"] for a in answers} == {first.popen.pid, second.popen.pid}
    assert [a["waiting"] for a in answers] == [False, False, False, False, True]
    for process in (first, second):
        answer = process.ask("login", "CE246810", password)
        assert answer["status"] == 200 and answer["waiting"] is True
