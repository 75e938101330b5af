"""Attachments: checked by content (Pillow for images, %PDF- for PDF), each size-limited with a
clear message, no limit on how many (seed 002: « Capacité illimitée »)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from sel.messaging.attachments import attachment_check
from sel.messaging.models import Attachment, Thread
from tests.conftest import login
from tests.messaging.conftest import PDF_BYTES, open_thread, png_bytes, upload

pytestmark = pytest.mark.django_db


def test_a_pdf_is_recognised_by_its_header_whatever_its_name() -> None:
    checked = attachment_check(upload("scan.bin", PDF_BYTES, "text/plain"))
    assert (checked.content_type, checked.extension) == ("application/pdf", ".pdf")


@pytest.mark.parametrize(
    ("image_format", "content_type"),
    [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("GIF", "image/gif"), ("TIFF", "image/tiff")],
)
def test_images_are_recognised_by_pillow(image_format: str, content_type: str) -> None:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format=image_format)
    checked = attachment_check(upload("photo", buffer.getvalue()))
    assert checked.content_type == content_type


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("programme.pdf", b"MZ\x90\x00\x03\x00\x00\x00"),  # a Windows program named .pdf
        ("photo.png", b"<html><script>alert(1)</script></html>"),
        ("tronquee.png", png_bytes()[:40]),  # a PNG cut short: Pillow's verify fails
        ("texte.pdf", b" %PDF-1.4 not at the start"),
    ],
)
def test_anything_but_a_pdf_or_an_image_is_refused(name: str, content: bytes) -> None:
    with pytest.raises(ValidationError) as error:
        attachment_check(upload(name, content, "application/pdf"))
    assert "n'est ni un PDF ni une image" in str(error.value)


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(ValidationError, match="est vide"):
        attachment_check(upload("vide.pdf", b""))


def test_a_file_over_the_limit_is_refused_with_its_size_and_the_limit(settings: Any) -> None:
    settings.MESSAGING_ATTACHMENT_MAX_MB = 1
    big = PDF_BYTES + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as error:
        attachment_check(upload("gros.pdf", big))
    message = str(error.value)
    assert "« gros.pdf » pèse 1,0" in message and "ne peut dépasser 1,0" in message


def test_the_size_message_reaches_the_page_and_the_text_stays(
    client: Client, pharmacist: Any, subject: Any, settings: Any
) -> None:
    settings.MESSAGING_ATTACHMENT_MAX_MB = 1
    login(client, pharmacist)
    response = client.post(
        reverse("messaging:compose"),
        {
            "subject": subject.pk,
            "title": "Gros fichier",
            "body": "Voir pièce jointe",
            "attachments": [upload("gros.pdf", PDF_BYTES + b"0" * (1024 * 1024 + 1))],
        },
    )
    html = response.content.decode()
    assert "ne peut dépasser 1,0" in html and "Voir pièce jointe</textarea>" in html
    assert "1,0\xa0Mio au plus par fichier" in html  # the limit is announced before sending


def test_no_quota_on_the_number_of_attachments_or_their_total_size(
    client: Client, pharmacist: Any, subject: Any, settings: Any
) -> None:
    """Seed 002: « Capacité illimitée »: twelve files of almost the limit, then more messages."""
    settings.MESSAGING_ATTACHMENT_MAX_MB = 1
    almost = PDF_BYTES + b"0" * (1024 * 1024 - len(PDF_BYTES) - 10)
    login(client, pharmacist)
    files = [upload(f"page-{n}.pdf", almost) for n in range(12)]
    client.post(
        reverse("messaging:compose"),
        {
            "subject": subject.pk,
            "title": "Dossier",
            "body": "Tout le dossier",
            "attachments": files,
        },
    )
    thread = Thread.objects.get()
    for n in range(3):
        client.post(
            reverse("messaging:thread", args=[thread.pk]),
            {"body": f"Suite {n}", "attachments": [upload("suite.pdf", almost)]},
        )
    assert Attachment.objects.count() == 15
    assert thread.messages.count() == 4


def test_an_attachment_is_served_as_a_download_with_its_checked_type(
    client: Client, pharmacist: Any
) -> None:
    thread = open_thread(pharmacist, files=(upload("carte.png", png_bytes(), "text/html"),))
    attachment = Attachment.objects.get(message__thread=thread)
    login(client, pharmacist)
    response = client.get(reverse("messaging:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "carte.png" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == png_bytes()


def test_the_media_root_is_not_served_by_any_url(client: Client, pharmacist: Any) -> None:
    thread = open_thread(pharmacist, files=(upload("carte.png", png_bytes()),))
    attachment = Attachment.objects.get(message__thread=thread)
    login(client, pharmacist)
    assert client.get("/fichiers-non-publics/" + str(attachment.file.name)).status_code == 404
    assert client.get("/static/" + str(attachment.file.name)).status_code == 404
