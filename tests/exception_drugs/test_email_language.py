"""A decision notice reaches the prescriber in the prescriber's language, not the agent's."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from sel.accounts.models import User
from tests.conftest import SmtpServer, login, run_worker
from tests.exception_drugs.conftest import World
from tests.exception_drugs.test_request_flow import make_agent

pytestmark = pytest.mark.django_db(transaction=True)  # the worker closes its connection


@pytest.mark.parametrize(
    ("agent_language", "prescriber_language"), [("fr-ca", "en"), ("en", "fr-ca")]
)
def test_the_decision_notice_is_in_the_prescribers_language(
    smtp_server: SmtpServer, world: World, agent_language: str, prescriber_language: str
) -> None:
    User.objects.filter(pk=world.prescriber_a.pk).update(language=prescriber_language)
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = agent_language
    login(client, make_agent())
    reference = world.request_a.reference
    response = client.post(
        f"/medicaments-exception/regie/demandes/{reference}/",
        {"action": "refuse", "refuse-reason": "Critères non remplis."},
    )
    assert response.status_code == 302
    run_worker()
    [(subject, body)] = smtp_server.texts(world.prescriber_a.email)
    if prescriber_language == "en":
        assert subject == f"Your request {reference} has changed"
        assert "Bonjour" not in body
    else:
        assert subject == f"Votre demande {reference} a changé"
        assert body.startswith("Bonjour")
    assert "Critères" not in body  # still no decision detail (no health data by email)
