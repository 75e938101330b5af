"""Seed 002 « Communications bidirectionnelles sécurisées »: a Régie agent opens a thread with a
professional, who is told by an email without the content, in their language, and answers it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sel.accounts.models import Role, User
from sel.audit.models import AuditEvent
from sel.messaging.models import Status, Subject, Thread
from sel.outbox.delivery import render_email
from sel.outbox.models import OutboundEmail
from tests.conftest import login
from tests.factories import UserFactory, messaging_agent

pytestmark = pytest.mark.django_db

SECRET = "Votre NAM ABCD12345678 doit être confirmé"


def _write(client: Client, recipient: User | None, **fields: str) -> Any:
    data = {
        "professional": recipient.username.lower() if recipient else "",
        "subject": str(Subject.objects.get(code="online-services-access").pk),
        "title": "Votre accès au service",
        "body": SECRET,
        **fields,
    }
    return client.post(reverse("messaging:agent_compose"), data)


def test_an_agent_opens_a_thread_the_professional_reads_and_answers(
    client: Client, pharmacist: User, agent: User
) -> None:
    login(client, agent)
    assert "Écrire à un professionnel" in client.get(reverse("messaging:queue")).content.decode()
    response = _write(client, pharmacist)
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("messaging:thread", args=[thread.pk])
    assert thread.author == pharmacist and thread.status == Status.ANSWERED
    [first] = thread.messages.all()
    assert first.from_regie and first.sender == agent and first.body == SECRET
    event = AuditEvent.objects.get(action="message.thread_opened_by_agent")
    assert event.actor == agent and event.target_id == str(thread.pk)
    assert event.details["professional"] == pharmacist.pk

    professional = Client()
    login(professional, pharmacist)
    inbox = professional.get(reverse("messaging:inbox")).content.decode()
    assert "Votre accès au service" in inbox
    page = professional.get(reverse("messaging:thread", args=[thread.pk])).content.decode()
    assert "ABCD12345678" in page
    response = professional.post(
        reverse("messaging:thread", args=[thread.pk]), {"body": "Voici la confirmation"}
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.status == Status.AWAITING_REGIE
    assert "Votre accès au service" in client.get(reverse("messaging:queue")).content.decode()


def test_the_email_carries_no_content_and_links_to_the_thread(
    client: Client, pharmacist: User, agent: User
) -> None:
    login(client, agent)
    _write(client, pharmacist)
    thread = Thread.objects.get()
    email = OutboundEmail.objects.get(to=pharmacist.email)
    subject, body = render_email(email)
    assert "ABCD12345678" not in subject + body
    assert "Votre accès au service" not in subject + body
    assert subject == "La Régie vous a écrit dans votre messagerie sécurisée"
    assert reverse("messaging:thread", args=[thread.pk]) in body
    assert not OutboundEmail.objects.filter(to=agent.email).exists()


def test_the_email_is_in_the_professionals_language(client: Client, agent: User) -> None:
    english = UserFactory(role=Role.PRESCRIBER, language="en", email="md@example.com")
    login(client, agent)
    _write(client, english)
    subject, body = render_email(OutboundEmail.objects.get(to="md@example.com"))
    assert subject == "The Régie wrote to you in your secure messaging"
    assert "log in to read it" in body and "ABCD12345678" not in body


def test_a_professional_may_not_open_one_and_the_refusal_is_audited(
    client: Client, pharmacist: User
) -> None:
    other = UserFactory(role=Role.PRESCRIBER)
    login(client, pharmacist)
    assert client.get(reverse("messaging:agent_compose")).status_code == 403
    assert _write(client, other).status_code == 403
    assert not Thread.objects.exists()
    assert not OutboundEmail.objects.filter(to=other.email).exists()
    refusals = AuditEvent.objects.filter(action="authorization.refused", actor=pharmacist)
    assert refusals.count() == 2
    assert {e.details["permission"] for e in refusals} == {"messaging.handle_messages"}


def test_an_agent_without_the_messaging_permission_is_refused(
    client: Client, pharmacist: User
) -> None:
    other_agent = UserFactory(role=Role.AGENT, is_staff=True)
    login(client, other_agent)
    assert _write(client, pharmacist).status_code == 403
    assert not Thread.objects.exists()
    assert AuditEvent.objects.filter(action="authorization.refused", actor=other_agent).exists()


def test_an_anonymous_visitor_is_sent_to_the_login(client: Client) -> None:
    response = client.get(reverse("messaging:agent_compose"))
    assert response.status_code == 302 and "next=" in response["Location"]


def test_bad_input_is_explained_and_kept(client: Client, pharmacist: User, agent: User) -> None:
    login(client, agent)
    response = _write(client, None, professional="NOBODY42")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Aucun compte n&#x27;a ce code d&#x27;utilisateur." in html
    assert "ABCD12345678" in html  # the body typed is kept
    response = _write(client, agent)
    assert "Ce compte n&#x27;est pas celui d&#x27;un professionnel actif." in (
        response.content.decode()
    )
    billing = Subject.objects.get(code="billing")  # not a team of this agent
    response = _write(client, pharmacist, subject=str(billing.pk))
    assert response.status_code == 200 and "subject" in response.context["form"].errors
    User.objects.filter(pk=pharmacist.pk).update(is_active=False)
    response = _write(client, pharmacist)
    assert "Ce compte n&#x27;est pas celui d&#x27;un professionnel actif." in (
        response.content.decode()
    )
    assert not Thread.objects.exists()


def test_the_service_refuses_a_subject_outside_the_agents_teams(pharmacist: User) -> None:
    from django.core.exceptions import ValidationError

    from sel.messaging.services import thread_open_by_agent

    agent = messaging_agent(teams=["services-en-ligne"])
    with pytest.raises(ValidationError):
        thread_open_by_agent(
            agent=agent,
            professional=pharmacist,
            subject=Subject.objects.get(code="billing"),
            title="t",
            body="b",
        )
    assert not Thread.objects.exists()
