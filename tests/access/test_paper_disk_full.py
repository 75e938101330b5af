"""A paper request whose scan meets a full disk (tests/faults/test_disk_full.py does it with a real
tmpfs on the cluster): the agent reads why beside the scan field, every section typed is still
there, and nothing is recorded: no request, no audit row, no partial file. The same for the
signature image of the public form, which is kept in the database but, in a request past 2 MB,
is written to a temporary file while it arrives."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sel.access.models import AccessRequest
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from tests.access.helpers import user_section
from tests.access.test_agent_processing import paper_data
from tests.conftest import FullDisk, login
from tests.core.upload_samples import image_bytes, png_bytes
from tests.factories.access import access_agent

pytestmark = pytest.mark.django_db


def error_of_field(page: str, field: str) -> str:
    """The text of the error beside ``field`` (sel/core/jinja2/sel/field.html)."""
    start = page.index(f'id="id_{field}_errors"')
    return page[start : page.index("</ul>", start)]


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("fr", "l'espace de stockage du portail est plein"),
        ("en", "the portal's file storage is full"),
    ],
)
def test_a_paper_request_whose_scan_fills_the_disk_is_not_recorded_and_keeps_what_was_typed(
    client: Client, full_disk: FullDisk, language: str, says: str
) -> None:
    login(client, access_agent())
    client.cookies["sel_language"] = language
    scan = SimpleUploadedFile("scan.jpg", image_bytes("JPEG", (300, 200)), "image/jpeg")
    response = client.post("/acces/regie/papier/4058/", paper_data(**{"meta-scan": scan}))
    page = response.content.decode().replace("&#x27;", "'").replace("&#39;", "'")
    assert response.status_code == 200
    assert says in error_of_field(page, "meta-scan")
    assert 'value="julie.tremblay@exemple.qc.ca"' in page and 'value="gagnon"' in page
    assert 'value="123 rue principale, québec"' in page
    assert not AccessRequest.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.ACCESS_REQUEST_PAPER_RECORDED).exists()
    assert full_disk.files() == []


def test_a_signature_image_on_a_full_temporary_disk_is_refused_beside_its_field(
    client: Client, full_disk: FullDisk, settings: Any
) -> None:
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # as a request past 2 MB
    data = user_section(signature_drawn="", organization_name="clinique des érables")
    data["signature_image"] = SimpleUploadedFile("signature.png", png_bytes(), "image/png")
    response = client.post("/acces/demande/4313/", data)
    page = response.content.decode().replace("&#x27;", "'").replace("&#39;", "'")
    assert response.status_code == 200
    assert "l'espace de stockage du portail est plein" in error_of_field(page, "signature_image")
    assert 'value="clinique des érables"' in page
    assert not AccessRequest.objects.exists() and full_disk.files() == []
