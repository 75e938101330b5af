"""One account (a stolen one, or a script behind it) tries to fill the server's disk through the
secure messaging's attachments: each file is size-limited, and what one person stores in all has a
quota (MESSAGING_STORAGE_QUOTA_MB). Messages themselves stay unlimited (seed 002: « Capacité
illimitée »): a full quota never stops a message without attachments."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from sel.accounts.models import User
from sel.core.uploads import upload_check
from sel.messaging import attachments, services
from sel.messaging.attachments import attachment_max_bytes
from sel.messaging.models import Attachment, Message, Subject, Thread
from tests.conftest import login
from tests.factories.accounts import UserFactory
from tests.factories.messaging import messaging_agent
from tests.messaging.conftest import PDF_BYTES, open_thread, upload

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def pdf_of(size: int) -> bytes:
    """A valid PDF of exactly ``size`` bytes (the padding is a PDF comment)."""
    padding = b"%" + b"0" * (size - len(PDF_BYTES) - 2) + b"\n"
    return PDF_BYTES.replace(b"\n", b"\n" + padding, 1)


@pytest.fixture
def pharmacist() -> User:
    return UserFactory()


@pytest.fixture
def agent() -> User:
    return messaging_agent(teams=["services-en-ligne"])


@pytest.fixture
def subject() -> Subject:
    return Subject.objects.get(code="online-services-access")


@pytest.fixture
def small_quota(settings: Any) -> None:
    """Files of at most 1 MB each, 2 MB in all per person: the defaults are far larger."""
    settings.MESSAGING_ATTACHMENT_MAX_MB = 1
    settings.MESSAGING_STORAGE_QUOTA_MB = 2


@pytest.fixture
def thread_near_quota(pharmacist: User, small_quota: None) -> Thread:
    """The pharmacist has already stored 1,897,152 bytes of attachments: 200,000 left."""
    files = (upload("a.pdf", pdf_of(900_000)), upload("b.pdf", pdf_of(2 * MB - 900_000 - 200_000)))
    return open_thread(pharmacist, files=files)


def reply(client: Client, thread: Thread, body: str, *files: Any) -> Any:
    data: dict[str, Any] = {"body": body}
    if files:
        data["attachments"] = list(files)
    return client.post(reverse("messaging:thread", args=[thread.pk]), data)


def test_attacker_cannot_fill_the_disk_by_replying_with_attachments_once_the_quota_is_full(
    client: Client, pharmacist: User, thread_near_quota: Thread
) -> None:
    login(client, pharmacist)
    response = reply(client, thread_near_quota, "Encore une pièce", upload("c.pdf", pdf_of(MB)))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Votre espace de stockage de pièces jointes ne suffit pas" in html
    assert "Encore une pièce</textarea>" in html  # what was typed stays
    assert thread_near_quota.messages.count() == 1
    assert Attachment.objects.count() == 2


def test_attacker_cannot_get_around_the_quota_by_opening_a_new_thread(
    client: Client, pharmacist: User, thread_near_quota: Thread, subject: Subject
) -> None:
    login(client, pharmacist)
    response = client.post(
        reverse("messaging:compose"),
        {
            "subject": subject.pk,
            "title": "Nouveau dossier",
            "body": "Les pièces du nouveau dossier",
            "attachments": [upload("d.pdf", pdf_of(300_000))],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Votre espace de stockage de pièces jointes ne suffit pas" in html
    assert 'value="Nouveau dossier"' in html and "Les pièces du nouveau dossier</textarea>" in html
    assert "ne dépasse pas 2,0\xa0Mio" in html  # the quota is announced before sending
    assert Thread.objects.count() == 1 and Attachment.objects.count() == 2


def test_attacker_calling_the_service_directly_is_held_to_the_quota_too(
    pharmacist: User, thread_near_quota: Thread
) -> None:
    with pytest.raises(ValidationError) as refusal:
        services.message_send(
            thread=thread_near_quota,
            sender=pharmacist,
            body="Sans passer par le formulaire",
            files=[
                upload_check(upload("e.pdf", pdf_of(300_000)), max_bytes=attachment_max_bytes())
            ],
        )
    assert refusal.value.code == "storage_quota"
    assert Attachment.objects.count() == 2


def test_a_full_quota_never_stops_a_message_without_attachments(
    client: Client, pharmacist: User, thread_near_quota: Thread, subject: Subject
) -> None:
    """Seed 002: « Capacité illimitée »: no limit on the number of messages."""
    login(client, pharmacist)
    for n in range(3):
        assert reply(client, thread_near_quota, f"Suite {n}").status_code == 302
    response = client.post(
        reverse("messaging:compose"),
        {"subject": subject.pk, "title": "Autre question", "body": "Sans pièce jointe"},
    )
    assert response.status_code == 302
    assert Message.objects.filter(sender=pharmacist).count() == 5


def test_one_persons_full_quota_does_not_block_anyone_else(
    client: Client, pharmacist: User, thread_near_quota: Thread, agent: User
) -> None:
    login(client, agent)
    response = reply(client, thread_near_quota, "Voici le formulaire", upload("f.pdf", pdf_of(MB)))
    assert response.status_code == 302
    assert Attachment.objects.filter(message__sender=agent).count() == 1


@pytest.mark.django_db(transaction=True)
def test_attacker_opening_two_threads_at_once_cannot_slip_both_uploads_under_the_quota(
    pharmacist: User, thread_near_quota: Thread, monkeypatch: pytest.MonkeyPatch
) -> None:
    """200 kB left, two new threads with 150 kB each at the same moment, each on its own
    database connection. Each, once it has measured what is stored, waits (up to a second) for
    the other to measure too: unless the second is made to wait for the first, both see room."""
    measured = threading.Barrier(2, timeout=1)
    measure = attachments.attachments_stored_by

    def measure_then_wait_for_the_other(user: Any) -> int:
        stored = measure(user)
        with contextlib.suppress(threading.BrokenBarrierError):
            measured.wait()
        return stored

    monkeypatch.setattr(attachments, "attachments_stored_by", measure_then_wait_for_the_other)
    outcomes: list[str] = []

    def send(name: str) -> None:
        try:
            retrying_while_sqlite_is_locked(
                lambda: open_thread(pharmacist, title=name, files=(upload(name, pdf_of(150_000)),))
            )
            outcomes.append("sent")
        except ValidationError as refusal:
            outcomes.append(str(refusal.code))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(f"{n}.pdf",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["sent", "storage_quota"]
    assert Attachment.objects.count() == 3


def retrying_while_sqlite_is_locked(action: Callable[[], Any]) -> Any:
    """PostgreSQL makes the second transaction wait on the row lock; SQLite's shared in-memory test
    database answers « table is locked » at once instead: try again a moment later."""
    for _ in range(500):
        try:
            return action()
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            time.sleep(0.01)
    raise AssertionError("the database stayed locked")
