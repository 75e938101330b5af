"""The demo accounts of the establishments keep working after issue #14's gaps: IP100020 holds
the grant of the payment requests and submits, the register names the access requests that
designated CE200020 and IP100021, and nothing is left for the agent to enter."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from sel.accounts.models import User
from sel.establishments.models import Signatory
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_the_demo_professional_opens_the_payment_requests(client: Any, settings: Any) -> None:
    settings.DEBUG = True  # the demo data is for development machines only
    call_command("demo_data")
    login(client, User.objects.get(username="IP100020"))
    listing = client.get(reverse("establishments:my_requests"))
    assert listing.status_code == 200 and "DP" in listing.content.decode()
    assert client.get(reverse("establishments:my_request_new")).status_code == 200
    references = dict(Signatory.objects.values_list("user__username", "access_request__reference"))
    assert references == {"CE200020": "DEMO-ETAB-01", "IP100021": "DEMO-ETAB-03"}
    login(client, User.objects.get(username="CE900001"))
    register = client.get(reverse("establishments:agent_signatory_new")).content.decode()
    assert "ont leur signataire au registre" in register
