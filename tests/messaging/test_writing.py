"""A professional writes to the Régie: a subject that fits, routed to its team, announced by an
email that does not carry the message."""

from __future__ import annotations

from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from sel.accounts.models import User
from sel.audit.models import AuditEvent
from sel.messaging.models import Status, Subject, Thread
from sel.outbox.models import OutboundEmail
from tests.conftest import login
from tests.factories.messaging import messaging_agent
from tests.messaging.conftest import PDF_BYTES, upload

pytestmark = pytest.mark.django_db


def test_the_subject_list_fits_the_content_of_seed_002(client: Client, pharmacist: User) -> None:
    login(client, pharmacist)
    html = unescape(client.get(reverse("messaging:compose")).content.decode())
    for name in (
        "Accès aux services en ligne",
        "Demande de médicament d'exception ou de patient d'exception",
        "Facturation",
        "Autre question",
    ):
        assert name in html


def test_only_an_assistant_is_offered_to_write_for_a_prescriber(
    client: Client, pharmacist: User
) -> None:
    login(client, pharmacist)
    html = client.get(reverse("messaging:compose")).content.decode()
    assert "on_behalf_of" not in html


def test_a_message_goes_to_the_team_of_its_subject(client: Client, pharmacist: User) -> None:
    billing_agent = messaging_agent(teams=["facturation"], email="facturation@exemple.qc.ca")
    messaging_agent(teams=["services-en-ligne"], email="sel@exemple.qc.ca")
    login(client, pharmacist)
    response = client.post(
        reverse("messaging:compose"),
        {
            "subject": Subject.objects.get(code="billing").pk,
            "title": "Paiement du 3 novembre",
            "body": "Le montant payé ne correspond pas à la facture.",
        },
    )
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("messaging:thread", args=[thread.pk])
    assert thread.team.code == "facturation"
    assert thread.status == Status.AWAITING_REGIE
    emails = OutboundEmail.objects.all()
    assert [e.to for e in emails] == [billing_agent.email]
    assert AuditEvent.objects.filter(action="message.thread_opened", actor=pharmacist).count() == 1


def test_the_team_email_announces_the_message_without_its_content(
    client: Client, pharmacist: User, agent: User, subject: Subject
) -> None:
    login(client, pharmacist)
    client.post(
        reverse("messaging:compose"),
        {"subject": subject.pk, "title": "Titre confidentiel", "body": "Texte confidentiel"},
    )
    from sel.outbox.delivery import render_email

    email_subject, body = render_email(OutboundEmail.objects.get())
    assert "confidentiel" not in email_subject + body
    assert "connectez-vous pour le lire" in body
    assert "http://127.0.0.1:8000/messagerie/file/" in body


def test_a_refused_message_keeps_everything_typed(
    client: Client, pharmacist: User, subject: Subject
) -> None:
    login(client, pharmacist)
    response = client.post(
        reverse("messaging:compose"),
        {
            "subject": subject.pk,
            "title": "Titre que je garde",
            "body": "Texte que je garde",
            "attachments": [upload("facture.pdf", b"MZ\x90\x00 not a pdf")],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Titre que je garde"' in html and "Texte que je garde</textarea>" in html
    assert "« facture.pdf » n&#x27;est pas un fichier PDF, PNG ou JPEG" in html
    assert "choisissez de nouveau les fichiers" in html
    assert Thread.objects.count() == 0


def test_a_missing_title_is_explained_on_the_field(
    client: Client, pharmacist: User, subject: Subject
) -> None:
    login(client, pharmacist)
    response = client.post(reverse("messaging:compose"), {"subject": subject.pk, "body": "x"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()


def test_writing_needs_a_login(client: Client) -> None:
    response = client.get(reverse("messaging:compose"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_agents_answer_threads_but_do_not_open_them(client: Client, agent: User) -> None:
    login(client, agent)
    assert client.get(reverse("messaging:compose")).status_code == 404
    assert client.get(reverse("messaging:inbox"))["Location"] == reverse("messaging:queue")


def test_an_attachment_is_stored_with_a_random_name_under_the_private_media_root(
    client: Client, pharmacist: User, subject: Subject, private_media: object
) -> None:
    login(client, pharmacist)
    client.post(
        reverse("messaging:compose"),
        {
            "subject": subject.pk,
            "title": "Formulaire",
            "body": "Voici le formulaire signé.",
            "attachments": [upload("../../formulaire 4313.pdf", PDF_BYTES, "application/pdf")],
        },
    )
    attachment = Thread.objects.get().messages.get().attachments.get()
    path = attachment.file.path
    assert path.startswith(str(private_media))
    assert "4313" not in path and ".." not in str(attachment.file.name)
    assert attachment.original_name == "formulaire 4313.pdf"
    assert attachment.content_type == "application/pdf"
