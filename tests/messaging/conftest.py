from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sel.accounts.models import Role, User
from sel.core.uploads import upload_check
from sel.messaging.attachments import attachment_max_bytes
from sel.messaging.models import Subject, Thread
from sel.messaging.services import thread_open
from tests.factories.accounts import UserFactory
from tests.factories.messaging import messaging_agent

# A minimal valid PDF (what matters for the check is the %PDF- header).
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def png_bytes(size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 61, 145)).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> Any:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def private_media(settings: Any) -> Path:
    """The temporary MEDIA_ROOT that tests/conftest.py sets for every test."""
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def messaging_catalogue() -> None:
    """Teams and subjects, for transactional tests (a flush empties what migration 0002 loaded)."""
    from sel.messaging.catalogue import messaging_catalogue_load
    from sel.messaging.models import Team

    messaging_catalogue_load(Team, Subject)


@pytest.fixture
def pharmacist(db: None) -> User:
    return UserFactory(role=Role.PHARMACIST, email="pharmacienne@exemple.qc.ca")


@pytest.fixture
def agent(db: None) -> User:
    return messaging_agent(teams=["services-en-ligne"], email="agent.sel@exemple.qc.ca")


@pytest.fixture
def subject(db: None) -> Subject:
    return Subject.objects.get(code="online-services-access")


def open_thread(author: User, *, files: tuple[Any, ...] = (), **fields: Any) -> Thread:
    values: dict[str, Any] = {
        "subject": Subject.objects.get(code="online-services-access"),
        "title": "Accès de mon technicien",
        "body": "Mon technicien peut-il consulter les demandes?",
    }
    values.update(fields)
    return thread_open(
        author=author,
        files=[upload_check(f, max_bytes=attachment_max_bytes()) for f in files],
        **values,
    )
