"""A full disk under the uploaded files (tests/faults/test_disk_full.py does it with a real tmpfs on
the cluster): the attachment is refused with a clear message beside the field, what was typed
stays, and nothing is kept: no message, no partial file."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sel.messaging.models import Message
from tests.conftest import login
from tests.messaging.conftest import PDF_BYTES, png_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_disk(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each file write stores a few bytes, then fails as a full disk does (ENOSPC)."""
    settings.MEDIA_ROOT = tmp_path
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, fd: int, mode: str) -> None:
            self.file = real_fdopen(fd, mode)

        def write(self, data: bytes) -> int:
            self.file.write(data[:16])
            self.file.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self) -> None:
            self.file.close()

    monkeypatch.setattr(os, "fdopen", lambda fd, mode="r", *a, **k: FullDisk(fd, mode))
    return tmp_path


def test_a_full_disk_refuses_the_attachment_clearly_and_keeps_nothing(
    client: Client, pharmacist: Any, subject: Any, full_disk: Path
) -> None:
    login(client, pharmacist)
    response = client.post(
        reverse("messaging:compose"),
        {
            "subject": subject.pk,
            "title": "Dossier complet",
            "body": "Voici les deux pièces",
            "attachments": [upload("a.pdf", PDF_BYTES), upload("b.png", png_bytes())],
        },
    )
    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    assert "l'espace de stockage du portail est plein" in html
    assert "Voici les deux pièces</textarea>" in html and 'value="Dossier complet"' in html
    assert not Message.objects.exists()
    assert [p for p in full_disk.rglob("*") if p.is_file()] == []


def test_the_full_disk_message_is_in_english_for_an_english_reader(
    client: Client, pharmacist: Any, subject: Any, full_disk: Path
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
    assert "the portal's file storage is full" in response.content.decode().replace("&#x27;", "'")
