"""The agent's CSV import on a full disk. The import never stores the file, but a file past
FILE_UPLOAD_MAX_MEMORY_SIZE (2 MB; the import takes 5) is written to a temporary file while it
arrives: on a full disk the page says so beside the file field, instead of failing whole, and
no temporary file is left."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sel.audit.models import AuditEvent
from sel.establishments.models import PaymentRequest
from tests.conftest import FullDisk, login
from tests.establishments.test_payment_requests import MONDAY
from tests.factories.establishments import (
    AssociationFactory,
    EstablishmentWorld,
    establishments_agent,
    professional,
    signatory_with_grant,
)

pytestmark = pytest.mark.django_db

IMPORT = reverse("establishments:agent_import")


def csv_of_one_request(world: EstablishmentWorld) -> bytes:
    doctor = professional(username="IP300999")
    AssociationFactory(
        signatory=signatory_with_grant(world.cisss),
        professional=doctor,
        installation=world.hospital,
    )
    start, end = MONDAY.isoformat(), (MONDAY + timedelta(days=6)).isoformat()
    return (
        "request,professional,installation,mode,period_start,period_end,day,activity,quantity\n"
        f"A,IP300999,51234,hourly,{start},{end},{start},H001,7\n"
    ).encode()


@pytest.mark.parametrize(
    ("language", "says"), [("fr", "stockage du portail est plein"), ("en", "file storage is full")]
)
def test_an_import_written_to_a_full_temporary_disk_is_refused_beside_the_file_field(
    client: Any,
    world: EstablishmentWorld,
    full_disk: FullDisk,
    settings: Any,
    language: str,
    says: str,
) -> None:
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # as a file past 2 MB: written to a temporary file
    login(client, establishments_agent())
    client.cookies["sel_language"] = language
    response = client.post(IMPORT, {"file": SimpleUploadedFile("d.csv", csv_of_one_request(world))})
    page = response.content.decode().replace("&#x27;", "'").replace("&#39;", "'")
    assert response.status_code == 400
    start = page.index('id="id_file_errors"')
    assert says in page[start : page.index("</ul>", start)]
    assert not PaymentRequest.objects.exists()
    assert not AuditEvent.objects.filter(action="payment_request.imported").exists()
    assert full_disk.files() == [], "a temporary file was left"


def test_the_same_import_goes_through_once_the_disk_has_room(
    client: Any, world: EstablishmentWorld, full_disk: FullDisk, settings: Any
) -> None:
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    full_disk.free = 1024 * 1024
    login(client, establishments_agent())
    response = client.post(IMPORT, {"file": SimpleUploadedFile("d.csv", csv_of_one_request(world))})
    assert response.status_code == 200
    assert PaymentRequest.objects.get().lines.count() == 1
    assert full_disk.files() == []
