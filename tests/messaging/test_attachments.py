"""Attachments: checked by content by the shared upload check (PDF, PNG, JPEG; tests/core/
test_uploads.py has every case), each size-limited with a clear message, no limit on how many
(seed 002: « Capacité illimitée ») within each person's storage quota (tests/attacks/
test_messaging_storage.py), served back as a download with their checked type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sel.messaging.models import Attachment, Thread
from tests.conftest import login
from tests.core.upload_samples import (
    html_page,
    image_bytes,
    jpeg_bytes,
    pdf_bytes,
    pdf_html_polyglot,
    pdf_without_eof,
    png_header_then_junk,
    svg_image,
    truncated_png,
)
from tests.messaging.conftest import PDF_BYTES, open_thread, png_bytes, upload

pytestmark = pytest.mark.django_db


def compose(client: Client, subject: Any, *files: Any) -> Any:
    return client.post(
        reverse("messaging:compose"),
        {
            "subject": subject.pk,
            "title": "Pièces du dossier",
            "body": "Voir les pièces jointes",
            "attachments": list(files),
        },
    )


@pytest.mark.parametrize(
    ("make", "name", "content_type"),
    [
        (png_bytes, "carte.png", "image/png"),
        (jpeg_bytes, "photo.jpeg", "image/jpeg"),
        (pdf_bytes, "ordonnance.bin", "application/pdf"),
    ],
)
def test_a_real_pdf_png_or_jpeg_is_sent_and_stored_with_its_checked_type(
    client: Client,
    pharmacist: Any,
    subject: Any,
    make: Callable[[], bytes],
    name: str,
    content_type: str,
) -> None:
    login(client, pharmacist)
    content = make()
    response = compose(client, subject, upload(name, content, "text/html"))
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.content_type) == (name, content_type)
    assert attachment.file.read() == content
    assert name.split(".")[0] not in str(attachment.file.name)


@pytest.mark.parametrize(
    ("make", "name", "says"),
    [
        (truncated_png, "carte.png", "est une image PNG endommagée ou incomplète"),
        (png_header_then_junk, "carte.png", "est une image PNG endommagée ou incomplète"),
        (html_page, "carte.png", "n&#x27;est pas un fichier PDF, PNG ou JPEG"),
        (svg_image, "logo.png", "n&#x27;est pas un fichier PDF, PNG ou JPEG"),
        (lambda: image_bytes("GIF"), "anime.gif", "n&#x27;est pas un fichier PDF, PNG ou JPEG"),
        (pdf_without_eof, "rapport.pdf", "commence comme un PDF mais sa fin manque"),
        (pdf_html_polyglot, "rapport.pdf", "contient le code d&#x27;une page Web"),
        (lambda: b"", "vide.pdf", "est vide"),
    ],
)
def test_a_file_that_is_not_a_whole_pdf_png_or_jpeg_is_refused_on_the_page(
    client: Client,
    pharmacist: Any,
    subject: Any,
    make: Callable[[], bytes],
    name: str,
    says: str,
) -> None:
    login(client, pharmacist)
    response = compose(client, subject, upload("bon.pdf", PDF_BYTES), upload(name, make()))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"« {name} »" in html and says in html
    assert "Voir les pièces jointes</textarea>" in html
    assert not Thread.objects.exists() and not Attachment.objects.exists()


def test_an_english_reader_is_told_in_english(
    client: Client, pharmacist: Any, subject: Any
) -> None:
    login(client, pharmacist)
    client.cookies["sel_language"] = "en"
    html = compose(client, subject, upload("carte.png", truncated_png())).content.decode()
    assert "“carte.png” is a damaged or incomplete PNG image" in html
    assert "PDF, PNG or JPEG, at most 10.0\xa0MB per file" in html


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


def test_no_limit_on_the_number_of_attachments(
    client: Client, pharmacist: Any, subject: Any, settings: Any
) -> None:
    """Seed 002: « Capacité illimitée »: twelve files of almost the limit, then more messages; only
    their total has a quota (MESSAGING_STORAGE_QUOTA_MB, by default far above these 15 MB)."""
    settings.MESSAGING_ATTACHMENT_MAX_MB = 1
    padding = b"%" + b"0" * (1024 * 1024 - len(PDF_BYTES) - 12) + b"\n"  # a PDF comment
    almost = PDF_BYTES.replace(b"\n", b"\n" + padding, 1)
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
    thread = open_thread(pharmacist, files=(upload("carte.html", png_bytes(), "text/html"),))
    attachment = Attachment.objects.get(message__thread=thread)
    login(client, pharmacist)
    response = client.get(reverse("messaging:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="carte.png"'
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


def test_the_storage_quota_message_is_in_english_for_an_english_reader(
    client: Client, pharmacist: Any, settings: Any
) -> None:
    settings.MESSAGING_STORAGE_QUOTA_MB = 1

    def pdf(padding: int) -> bytes:
        return PDF_BYTES.replace(b"\n", b"\n%" + b"0" * padding + b"\n", 1)

    thread = open_thread(pharmacist, files=(upload("a.pdf", pdf(1_000_000)),))
    login(client, pharmacist)
    client.cookies["sel_language"] = "en"
    response = client.post(
        reverse("messaging:thread", args=[thread.pk]),
        {"body": "One more", "attachments": [upload("b.pdf", pdf(100_000))]},
    )
    html = response.content.decode()
    assert "Your attachment storage space is not large enough" in html
    assert "as long as all the attachments you have sent stay within 1.0\xa0MB" in html
