"""``PORT=8765 make demo``: the links the demo emails carry point at the port it serves."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command

from sel.core.management.commands import rundemo

LINK = (
    "import django; django.setup(); from sel.core.http import absolute_url; "
    "print(absolute_url('/compte/connexion/'))"
)


class Started:
    """Stands for the server and the worker: records their environment, then ends at once."""

    environments: list[dict[str, str]] = []

    def __init__(self, args: list[str], env: dict[str, str] | None = None) -> None:
        self.environments.append(dict(os.environ) if env is None else env)

    def poll(self) -> int:
        return 0

    def wait(self, timeout: float) -> int:
        return 0


def emailed_link(monkeypatch: pytest.MonkeyPatch, **environ: str) -> tuple[str, str]:
    """The link an email carries in the processes ``rundemo`` starts, and what it printed."""
    for name in ("PORT", "SITE_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    Started.environments = []
    out = StringIO()
    with monkeypatch.context() as patched:
        patched.setattr(rundemo.subprocess, "Popen", Started)
        call_command("rundemo", stdout=out)
    web, worker = Started.environments
    assert web == worker
    link = subprocess.run(
        [sys.executable, "-c", LINK], env=web, check=True, capture_output=True, text=True
    ).stdout.strip()
    return link, out.getvalue()


def test_emailed_links_follow_the_port_the_demo_serves(monkeypatch: pytest.MonkeyPatch) -> None:
    link, printed = emailed_link(monkeypatch, PORT="8765")
    assert link == "http://127.0.0.1:8765/compte/connexion/"
    assert "SEL runs at http://127.0.0.1:8765/" in printed


def test_the_default_port_gives_the_default_links(monkeypatch: pytest.MonkeyPatch) -> None:
    link, _ = emailed_link(monkeypatch)
    assert link == "http://127.0.0.1:8000/compte/connexion/"


def test_a_site_base_url_that_is_set_wins_over_the_port(monkeypatch: pytest.MonkeyPatch) -> None:
    link, printed = emailed_link(
        monkeypatch, PORT="8765", SITE_BASE_URL="https://sel.exemple.qc.ca"
    )
    assert link == "https://sel.exemple.qc.ca/compte/connexion/"
    assert "Links in emails start with https://sel.exemple.qc.ca/" in printed
