"""A full disk under the uploaded files (tests/faults/test_disk_full.py does it with a real tmpfs on
the cluster), on every page of the messaging that takes a file: a new message, a reply (the
professional's or the agent's) and an agent's new thread. The attachment is refused with a clear
message beside the field, what was typed stays, and nothing is kept: no message, no partial file,
not even an attachment stored before the disk filled."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sel.accounts.models import User
from sel.messaging.models import Attachment, Message, Subject, Thread
from tests.conftest import FullDisk, login
from tests.messaging.conftest import PDF_BYTES, open_thread, png_bytes, upload

pytestmark = pytest.mark.django_db

FULL = "l'espace de stockage du portail est plein"


def page_of(response: Any) -> str:
    return str(response.content.decode()).replace("&#x27;", "'").replace("&#39;", "'")


def attachments_error(page: str) -> str:
    """The text of the error shown beside the attachments field (sel/core/jinja2/sel/field.html)."""
    start = page.index('id="id_attachments_errors"')
    return page[start : page.index("</ul>", start)]


@pytest.mark.parametrize("received_in", ["memory", "temporary_file"])
def test_a_full_disk_refuses_the_attachment_clearly_and_keeps_nothing(
    client: Client,
    pharmacist: User,
    subject: Subject,
    full_disk: FullDisk,
    settings: Any,
    received_in: str,
) -> None:
    if received_in == "temporary_file":  # as files past 2 MB: on disk while they arrive
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    full_disk.free = len(PDF_BYTES) + 100  # the first file fits, the second does not
    login(client, pharmacist)
    response = client.post(
        reverse("messaging:compose"),
        {
            "subject": subject.pk,
            "title": "Dossier complet",
            "body": "Voici les deux pièces",
            "attachments": [upload("a.pdf", PDF_BYTES), upload("b.png", png_bytes((64, 64)))],
        },
    )
    html = page_of(response)
    assert response.status_code == 200
    assert FULL in attachments_error(html)
    assert "Voici les deux pièces</textarea>" in html and 'value="Dossier complet"' in html
    assert not Message.objects.exists() and not Attachment.objects.exists()
    assert full_disk.files() == [], "a file was left that no row names"


@pytest.mark.parametrize("replier", ["pharmacist", "agent"])
def test_a_reply_on_a_full_disk_is_not_sent_and_keeps_what_was_typed(
    client: Client, pharmacist: User, agent: User, full_disk: FullDisk, replier: str
) -> None:
    thread = open_thread(pharmacist)
    login(client, pharmacist if replier == "pharmacist" else agent)
    response = client.post(
        reverse("messaging:thread", args=[thread.pk]),
        {"body": "Le formulaire signé est joint", "attachments": [upload("f.pdf", PDF_BYTES)]},
    )
    html = page_of(response)
    assert response.status_code == 200
    assert FULL in attachments_error(html)
    assert "Le formulaire signé est joint</textarea>" in html
    assert thread.messages.count() == 1 and full_disk.files() == []


def test_an_agent_opening_a_thread_on_a_full_disk_keeps_what_was_typed(
    client: Client, pharmacist: User, agent: User, subject: Subject, full_disk: FullDisk
) -> None:
    login(client, agent)
    response = client.post(
        reverse("messaging:agent_compose"),
        {
            "professional": pharmacist.username.lower(),
            "subject": subject.pk,
            "title": "Votre accès",
            "body": "Le guide est joint",
            "attachments": [upload("guide.pdf", PDF_BYTES)],
        },
    )
    html = page_of(response)
    assert response.status_code == 200
    assert FULL in attachments_error(html)
    assert "Le guide est joint</textarea>" in html and 'value="Votre accès"' in html
    assert not Thread.objects.exists() and full_disk.files() == []


def test_the_full_disk_message_is_in_english_for_an_english_reader(
    client: Client, pharmacist: User, subject: Subject, full_disk: FullDisk
) -> None:
    login(client, pharmacist)
    client.cookies["sel_language"] = "en"
    response = client.post(
        reverse("messaging:compose"),
        {
            "subject": subject.pk,
            "title": "T",
            "body": "B",
            "attachments": [upload("a.pdf", PDF_BYTES)],
        },
    )
    assert "the portal's file storage is full" in attachments_error(page_of(response))
