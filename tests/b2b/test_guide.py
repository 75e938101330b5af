"""The help page's guide runs: its curl and httpx examples, taken from the rendered page, are
run against a live server with the demo's training credentials and the sandbox."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from typing import Any

import pytest
from django.test import Client

from sel.b2b.demo import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from sel.b2b.models import AidClaim, Environment
from sel.b2b.sandbox import sandbox_load
from tests.factories.b2b import vendor_client

pytestmark = pytest.mark.django_db(transaction=True)
DEMO_BASE = "http://127.0.0.1:8000"


def examples(language: str) -> dict[str, str]:
    http = Client()
    if language == "en":
        http.post("/langue/", {"language": "en", "next": "/"})
    page = http.get("/infos/aide/b2b/").content.decode()
    blocks = re.findall(r'<pre><code class="language-(\w+)">(.*?)</code></pre>', page, re.S)
    return {kind: html.unescape(code) for kind, code in blocks}


@pytest.fixture
def demo_client() -> None:
    sandbox_load(persons=0)
    client, _secret = vendor_client(environment=Environment.TRAINING)
    application = client.application
    application.client_id = DEMO_CLIENT_ID
    application.client_secret = DEMO_CLIENT_SECRET
    application.save()


def test_the_guide_shows_the_same_examples_in_french_and_english() -> None:
    french, english = examples("fr"), examples("en")
    assert set(french) == {"sh", "python"} and french == english


def test_the_curl_example_gets_a_token_and_checks_eligibility(
    live_server: Any, demo_client: None
) -> None:
    script = examples("fr")["sh"].replace(DEMO_BASE, live_server.url)
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert '"health_insurance": {"covered": true, "ends_on": null}' in done.stdout


def test_the_httpx_example_runs(live_server: Any, demo_client: None) -> None:
    script = examples("en")["python"].replace(DEMO_BASE, live_server.url)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines == [
        "{'covered': False, 'ends_on': None}",
        "Médecin de famille : Anne Tremblay (GMF des Érables)",
        "201 Reçue",
    ]
    assert AidClaim.objects.count() == 1
