"""The README's `curl` of the payment requests works on the demo data: the demo vendor's
production client (its published id and secret) gets a token, submits a request of IP100020 at
installation 51234, and the demo signatory CE200020 finds it in their queue."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from sel.accounts.models import User
from sel.b2b.demo import PAYMENTS_CLIENT_ID, PAYMENTS_CLIENT_SECRET
from tests.conftest import login
from tests.factories.b2b import API, token_response

pytestmark = pytest.mark.django_db


def test_the_readme_curl_submits_into_the_demo_signatorys_queue(settings: Any) -> None:
    settings.DEBUG = True  # the demo data is for development machines only
    call_command("demo_data")
    token = token_response(Client(), PAYMENTS_CLIENT_ID, PAYMENTS_CLIENT_SECRET)
    assert token.status_code == 200, token.content
    start = timezone.localdate() - timedelta(days=6)  # the README's `date -d '-6 days'`
    answer = Client().post(
        f"{API}/payment-requests",
        {
            "practice_number": "100020",
            "installation_number": "51234",
            "mode": "hourly",
            "period_start": start.isoformat(),
            "period_end": (start + timedelta(days=5)).isoformat(),
            "lines": [{"day": start.isoformat(), "activity_code": "H001", "quantity": "7.5"}],
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token.json()['access_token']}",
        HTTP_IDEMPOTENCY_KEY="demo-1",
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["status_fr"] == "En attente d'autorisation"
    signatory = Client()
    login(signatory, User.objects.get(username="CE200020"))
    queue = signatory.get("/etablissements/autorisation/").content.decode()
    assert answer.json()["reference"] in queue
    page = Client()
    login(page, User.objects.get(username="CE200021"))
    assert PAYMENTS_CLIENT_ID in page.get("/services-b2b/etablissement/logiciels/").content.decode()
