"""A paper request whose scan meets a full disk (tests/faults/test_disk_full.py does it with a real
tmpfs on the cluster): the agent reads why beside the scan field, every section typed is still
there, and nothing is recorded: no request, no audit row, no partial file."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sel.access.models import AccessRequest
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from tests.access.test_agent_processing import paper_data
from tests.conftest import FullDisk, login
from tests.core.upload_samples import image_bytes
from tests.factories.access import access_agent

pytestmark = pytest.mark.django_db


def scan_error(page: str) -> str:
    """The text of the error beside the scan field (sel/core/jinja2/sel/field.html)."""
    start = page.index('id="id_meta-scan_errors"')
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
    assert says in scan_error(page)
    assert 'value="julie.tremblay@exemple.qc.ca"' in page and 'value="gagnon"' in page
    assert 'value="123 rue principale, québec"' in page
    assert not AccessRequest.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.ACCESS_REQUEST_PAPER_RECORDED).exists()
    assert full_disk.files() == []
