"""An attacker uploads files with hostile names, through HTTP, in every app that takes files:
path traversal, a very long name, Unicode (with a right-to-left override), a double extension.
The stored path is always random (``<app>/<yyyy>/<mm>/<uuid4 hex><checked ext>``, sel.core.uploads)
and the name, kept in the database only, comes back sanitized as the download name."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from sel.access.models import AccessRequest
from sel.accounts.models import Role
from sel.messaging.models import Attachment, Subject
from tests.access.test_agent_processing import paper_data
from tests.conftest import login
from tests.core.upload_samples import multipart_with_raw_file_name, pdf_bytes
from tests.factories import UserFactory, access_agent

pytestmark = pytest.mark.django_db

# (the name the attacker sends, the name kept in the database, the download name)
HOSTILE_NAMES = [
    ("../../../etc/passwd.pdf", "passwd.pdf", "passwd.pdf"),
    ("..\\..\\windows\\system.ini.pdf", "system.ini.pdf", "system.ini.pdf"),
    ("A" * 300 + ".pdf", "A" * 196 + ".pdf", "A" * 100 + ".pdf"),
    (
        "ordonnance d'Émilie – été.pdf",
        "ordonnance d'Émilie – été.pdf",
        "ordonnance d_Émilie_été.pdf",
    ),
    ("facture\u202efdp.exe", "facturefdp.exe", "facturefdp.pdf"),
    ("rapport.pdf.exe", "rapport.pdf.exe", "rapport.pdf.pdf"),
]


def download_name(response: Any) -> str:
    disposition = response["Content-Disposition"]
    if match := re.search(r"filename\*=utf-8''(.+)$", disposition):
        return match.group(1)
    match = re.search(r'filename="(.+)"$', disposition)
    assert match, disposition
    return quote(match.group(1))


def assert_random_path(stored: str, app: str) -> None:
    assert re.fullmatch(rf"{app}/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\.pdf", stored), stored


@pytest.mark.parametrize(("sent", "kept", "downloaded"), HOSTILE_NAMES)
def test_a_hostile_attachment_name_in_messaging_is_stored_random_and_downloads_sanitized(
    client: Client, sent: str, kept: str, downloaded: str
) -> None:
    pharmacist = UserFactory(role=Role.PHARMACIST)
    subject = Subject.objects.get(code="online-services-access")
    login(client, pharmacist)
    body, content_type = multipart_with_raw_file_name(
        {"subject": subject.pk, "title": "Pièces", "body": "Voir la pièce jointe"},
        file_field="attachments",
        file_name=sent,
        content=pdf_bytes(),
    )
    response = client.generic("POST", reverse("messaging:compose"), body, content_type)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert_random_path(attachment.file.name, "messaging")
    assert attachment.original_name == kept
    download = client.get(reverse("messaging:attachment", args=[attachment.pk]))
    assert download_name(download) == quote(downloaded)


@pytest.mark.parametrize(("sent", "kept", "downloaded"), HOSTILE_NAMES)
def test_a_hostile_scan_name_on_a_paper_request_is_stored_random_and_downloads_sanitized(
    client: Client, settings: Any, tmp_path: Path, sent: str, kept: str, downloaded: str
) -> None:
    settings.MEDIA_ROOT = tmp_path
    login(client, access_agent())
    fields = {k: v for k, v in paper_data().items() if k != "meta-scan"}
    body, content_type = multipart_with_raw_file_name(
        fields, file_field="meta-scan", file_name=sent, content=pdf_bytes("4058")
    )
    response = client.generic("POST", "/acces/regie/papier/4058/", body, content_type)
    assert response.status_code == 302
    access_request = AccessRequest.objects.get()
    assert_random_path(access_request.scan.name, "access")
    assert access_request.scan_original_name == kept
    download = client.get(f"/acces/regie/demandes/{access_request.pk}/numerisation/")
    assert download_name(download) == quote(downloaded)
