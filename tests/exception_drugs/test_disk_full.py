"""A full disk under the uploaded files (tests/faults/test_disk_full.py does it with a real tmpfs on
the cluster), on each page of the service that takes a file: the prescriber's request and answer,
the agent's fax or mail with its scan. The form says so beside the file field, keeps what was
typed, and nothing is kept: no request, no attachment row, no file (not even one stored before
the disk filled, nor the temporary file of one too large to be received in memory)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sel.exception_drugs.models import Attachment, ExceptionRequest, Status
from tests.conftest import FullDisk, login
from tests.core.upload_samples import pdf_bytes, png_bytes
from tests.exception_drugs.conftest import World
from tests.exception_drugs.test_request_flow import fax_data, make_agent, submit

pytestmark = pytest.mark.django_db

FULL = "l'espace de stockage du portail est plein"


def page_of(response: Any) -> str:
    return str(response.content.decode()).replace("&#x27;", "'").replace("&#39;", "'")


def error_of_field(page: str, field: str) -> str:
    """The text of the error shown beside ``field`` (includes/field.html's error element)."""
    start = page.index(f'id="id_{field}_errors"')
    return page[start : page.index("</ul>", start)]


@pytest.mark.parametrize("received_in", ["memory", "temporary_file"])
def test_a_request_whose_second_attachment_fills_the_disk_is_not_recorded_and_keeps_nothing(
    client: Client, world: World, full_disk: FullDisk, settings: Any, received_in: str
) -> None:
    if received_in == "temporary_file":  # as files past 2 MB: on disk while they arrive
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    first = pdf_bytes("Ordonnance")
    full_disk.free = len(first) + 100  # the first file fits, the second does not
    login(client, world.prescriber_a)
    before = ExceptionRequest.objects.count()
    response = submit(
        client,
        world,
        justification="Échec documenté du méthotrexate",
        pharmacy="Pharmacie du Quartier",
        attachments=[
            SimpleUploadedFile("ordonnance.pdf", first, "application/pdf"),
            SimpleUploadedFile("radio.png", png_bytes(), "image/png"),
        ],
    )
    page = page_of(response)
    assert response.status_code == 400
    assert FULL in error_of_field(page, "attachments")
    assert "Échec documenté du méthotrexate</textarea>" in page
    assert 'value="Pharmacie du Quartier"' in page and f'value="{world.person.nam}"' in page
    assert ExceptionRequest.objects.count() == before
    assert not Attachment.objects.exists()
    assert full_disk.files() == [], "a file was left that no row names"


def test_the_answer_to_a_request_for_information_on_a_full_disk_keeps_the_request_waiting(
    client: Client, world: World, full_disk: FullDisk
) -> None:
    waiting = world.request_a
    waiting.status, waiting.information_requested = Status.AWAITING_INFORMATION, "Bilan sanguin."
    waiting.save()
    login(client, world.prescriber_a)
    response = client.post(
        f"/medicaments-exception/demandes/{waiting.reference}/reponse/",
        {
            "answer": "Bilan du 2026-11-30 joint : normal.",
            "attachments": [SimpleUploadedFile("bilan.pdf", pdf_bytes("Bilan"))],
        },
    )
    page = page_of(response)
    assert response.status_code == 400
    assert FULL in error_of_field(page, "attachments")
    assert "Bilan du 2026-11-30 joint : normal.</textarea>" in page
    waiting.refresh_from_db()
    assert (waiting.status, waiting.prescriber_answer) == (Status.AWAITING_INFORMATION, "")
    assert not waiting.attachments.exists() and full_disk.files() == []


def test_a_fax_recorded_by_an_agent_on_a_full_disk_is_not_recorded_and_keeps_what_was_typed(
    client: Client, world: World, full_disk: FullDisk
) -> None:
    login(client, make_agent())
    response = client.post(
        "/medicaments-exception/regie/saisie/",
        fax_data(world, SimpleUploadedFile("fax.png", png_bytes(), "image/png")),
    )
    page = page_of(response)
    assert response.status_code == 400
    assert FULL in error_of_field(page, "scan")
    assert "Patient d'exception : intolérance documentée.</textarea>" in page
    assert f'value="{world.prescriber_b.username}"' in page
    assert not ExceptionRequest.objects.filter(kind="exceptional_patient").exists()
    assert full_disk.files() == []


def test_the_full_disk_message_is_in_english_for_an_english_reader(
    client: Client, world: World, full_disk: FullDisk
) -> None:
    login(client, world.prescriber_a)
    client.cookies["sel_language"] = "en"
    response = submit(client, world, attachments=[SimpleUploadedFile("a.pdf", pdf_bytes())])
    assert response.status_code == 400
    assert "the portal's file storage is full" in error_of_field(page_of(response), "attachments")
