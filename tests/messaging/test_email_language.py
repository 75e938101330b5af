"""Secure-messaging notifications are written in the recipient's language: the professional's
when an agent answers, each agent's when a professional writes."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from sel.accounts.models import User
from tests.conftest import SmtpServer, login, run_worker
from tests.messaging.conftest import open_thread

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the worker closes its database connection
    pytest.mark.usefixtures("messaging_catalogue"),
]

SUBJECTS = {
    "en": "New message in your secure messaging",
    "fr-ca": "Nouveau message dans votre messagerie sécurisée",
}


@pytest.mark.parametrize(
    ("agent_language", "professional_language"), [("fr-ca", "en"), ("en", "fr-ca")]
)
def test_the_answer_notice_is_in_the_professionals_language(
    smtp_server: SmtpServer,
    pharmacist: User,
    agent: User,
    agent_language: str,
    professional_language: str,
) -> None:
    User.objects.filter(pk=pharmacist.pk).update(language=professional_language)
    thread = open_thread(pharmacist)
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = agent_language
    login(client, agent)
    response = client.post(
        reverse("messaging:thread", args=[thread.pk]), {"body": "Réponse confidentielle"}
    )
    assert response.status_code == 302
    run_worker()
    [(subject, body)] = smtp_server.texts(pharmacist.email)
    assert subject == SUBJECTS[professional_language]
    assert "confidentielle" not in body


def test_the_team_is_told_in_each_agents_language(
    smtp_server: SmtpServer, pharmacist: User, agent: User
) -> None:
    User.objects.filter(pk=agent.pk).update(language="en")
    with translation.override("fr-ca"):  # the professional writes in French
        thread = open_thread(pharmacist)
    run_worker()
    [(subject, body)] = smtp_server.texts(agent.email)
    assert subject == "New message from a professional in your team's queue"
    assert body.startswith("Hello,")
    assert f"“{thread.team.name_en}”" in body
