"""Agents of the matching team see the thread in their queue, answer and close it; every read by
an agent is audited; the professional is told by an email without the content."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sel.accounts.models import User
from sel.audit.models import AuditEvent
from sel.messaging.models import Attachment, Status, Subject, Thread
from sel.outbox.delivery import render_email
from sel.outbox.models import OutboundEmail
from tests.conftest import SmtpServer, login, run_worker
from tests.factories.messaging import messaging_agent
from tests.messaging.conftest import PDF_BYTES, open_thread, upload

pytestmark = pytest.mark.django_db


def test_the_queue_shows_the_threads_of_the_agents_teams_only(
    client: Client, pharmacist: User, agent: User
) -> None:
    open_thread(pharmacist, title="Question d'accès")
    open_thread(
        pharmacist, title="Question de facturation", subject=Subject.objects.get(code="billing")
    )
    login(client, agent)
    html = client.get(reverse("messaging:queue")).content.decode()
    assert "Question d&#x27;accès" in html
    assert "Question de facturation" not in html


def test_the_queue_is_refused_to_a_professional(client: Client, pharmacist: User) -> None:
    login(client, pharmacist)
    assert client.get(reverse("messaging:queue")).status_code == 403


def test_every_read_by_an_agent_is_audited(client: Client, pharmacist: User, agent: User) -> None:
    thread = open_thread(pharmacist, files=(upload("f.pdf", PDF_BYTES),))
    login(client, agent)
    client.get(reverse("messaging:thread", args=[thread.pk]))
    client.get(reverse("messaging:thread", args=[thread.pk]))
    attachment = Attachment.objects.get()
    client.get(reverse("messaging:attachment", args=[attachment.pk]))
    reads = AuditEvent.objects.filter(action="message.read_by_agent", actor=agent)
    assert reads.count() == 2
    assert {e.target_id for e in reads} == {str(thread.pk)}
    assert AuditEvent.objects.filter(
        action="message.attachment_read_by_agent", actor=agent, target_id=str(attachment.pk)
    ).exists()


def test_the_professionals_own_reads_are_not_agent_reads(client: Client, pharmacist: User) -> None:
    thread = open_thread(pharmacist)
    login(client, pharmacist)
    client.get(reverse("messaging:thread", args=[thread.pk]))
    assert not AuditEvent.objects.filter(action="message.read_by_agent").exists()


def test_an_agent_answers_and_the_professional_is_told_without_the_content(
    client: Client, pharmacist: User, agent: User
) -> None:
    thread = open_thread(pharmacist)
    OutboundEmail.objects.all().delete()
    login(client, agent)
    response = client.post(
        reverse("messaging:thread", args=[thread.pk]),
        {"body": "Réponse confidentielle de la Régie"},
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.status == Status.ANSWERED
    reply = thread.messages.last()
    assert reply is not None and reply.from_regie and reply.sender == agent
    email = OutboundEmail.objects.get()
    assert email.to == pharmacist.email
    subject, body = render_email(email)
    assert "confidentielle" not in subject + body
    assert "connectez-vous pour le lire" in body
    assert AuditEvent.objects.filter(action="message.sent", actor=agent).count() == 1


def test_the_prescriber_written_for_is_told_of_the_answer_too(
    pharmacist: User, agent: User
) -> None:
    from sel.messaging.services import message_send
    from tests.factories.accounts import UserFactory

    prescriber = UserFactory(role="prescriber", email="prescriptrice@exemple.qc.ca")
    thread = open_thread(pharmacist)
    Thread.objects.filter(pk=thread.pk).update(on_behalf_of=prescriber)
    OutboundEmail.objects.all().delete()
    message_send(thread=Thread.objects.get(pk=thread.pk), sender=agent, body="Réponse")
    assert sorted(OutboundEmail.objects.values_list("to", flat=True)) == sorted(
        [str(pharmacist.email), str(prescriber.email)]
    )


@pytest.mark.django_db(transaction=True)  # the worker closes its database connection
def test_the_email_reaches_a_real_smtp_server_without_the_message(
    messaging_catalogue: None, smtp_server: SmtpServer
) -> None:
    from sel.messaging.services import message_send
    from tests.factories.accounts import UserFactory

    pharmacist = UserFactory(role="pharmacist")
    agent = messaging_agent(teams=["services-en-ligne"])
    thread = open_thread(pharmacist)
    message_send(thread=thread, sender=agent, body="Votre NAM ABCD12345678 est confirmé")
    run_worker()
    received = smtp_server.to(pharmacist.email)
    assert len(received) == 1
    text = received[0].get_payload(decode=True).decode()
    assert "ABCD12345678" not in text and "Accès de mon technicien" not in text
    assert "http://127.0.0.1:8000/messagerie/" in text


def test_an_agent_closes_the_thread_and_a_professional_reply_reopens_it(
    client: Client, pharmacist: User, agent: User
) -> None:
    thread = open_thread(pharmacist)
    login(client, agent)
    response = client.post(reverse("messaging:thread_close", args=[thread.pk]))
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.status == Status.CLOSED and thread.closed_by == agent
    assert AuditEvent.objects.filter(action="message.thread_closed").count() == 1
    assert "Accès de mon technicien" not in client.get(reverse("messaging:queue")).content.decode()

    login(client, pharmacist)
    assert client.post(reverse("messaging:thread_close", args=[thread.pk])).status_code == 404
    client.post(reverse("messaging:thread", args=[thread.pk]), {"body": "Encore une question"})
    thread.refresh_from_db()
    assert thread.status == Status.AWAITING_REGIE and thread.closed_at is None


def test_an_agent_in_two_teams_sees_both(client: Client, pharmacist: User) -> None:
    both = messaging_agent(teams=["services-en-ligne", "facturation"])
    open_thread(pharmacist, title="Accès")
    open_thread(pharmacist, title="Paiement", subject=Subject.objects.get(code="billing"))
    login(client, both)
    html = client.get(reverse("messaging:queue")).content.decode()
    assert "Accès" in html and "Paiement" in html


def test_the_queue_filters_by_status_and_searches(
    client: Client, pharmacist: User, agent: Any
) -> None:
    open_thread(pharmacist, title="Mot de passe", body="Je ne reçois pas le code")
    open_thread(pharmacist, title="Autre chose", body="Rien à voir")
    login(client, agent)
    html = client.get(reverse("messaging:queue"), {"q": "code"}).content.decode()
    assert "Mot de passe" in html and "Autre chose" not in html
    html = client.get(reverse("messaging:queue"), {"etat": "answered"}).content.decode()
    assert "Aucun échange dans la file" in html
