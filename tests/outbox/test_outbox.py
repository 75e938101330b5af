"""The outbox: an email exists if and only if its change committed; SMTP failures are retried;
5xx is final; a crash after SMTP accepted re-sends the same Message-ID."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.outbox import delivery
from sel.outbox.models import OutboundEmail
from sel.outbox.services import send_email_later
from sel.outbox.tasks import outbox_requeue_due
from tests.conftest import SmtpServer, free_port, run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def queue_one(**extra: Any) -> OutboundEmail:
    with transaction.atomic():
        return send_email_later(
            to="pharmacienne@exemple.qc.ca",
            language="fr-ca",
            template="test_notice",
            context={"reference": "R-1"},
            **extra,
        )


def test_a_change_that_rolls_back_leaves_no_email_and_no_task() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        send_email_later(
            to="a@exemple.qc.ca",
            language="fr-ca",
            template="test_notice",
            context={"reference": "x"},
        )
        raise RuntimeError("the change fails")
    assert OutboundEmail.objects.count() == 0
    assert DBTaskResult.objects.count() == 0


def test_a_change_that_commits_leaves_exactly_one_pending_email_with_its_task() -> None:
    email = queue_one()
    assert OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING).count() == 1
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["kwargs"] == {"email_id": email.pk}


def test_smtp_down_keeps_the_email_then_delivers_it_once_smtp_is_back(
    smtp_server: SmtpServer,
) -> None:
    smtp_server.stop()  # nothing listens on the port: connection refused
    email = queue_one(secret_context={"code": "482913"})
    run_worker()
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.PENDING
    assert email.attempts == 1
    assert "Connection" in email.last_error or "refused" in email.last_error.lower()
    assert email.next_attempt_at > timezone.now()
    assert email.secret_context == {"code": "482913"}  # still needed for the next try

    smtp_server.start()
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    outbox_requeue_due()
    run_worker()
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    received = smtp_server.to("pharmacienne@exemple.qc.ca")
    assert len(received) == 1
    assert received[0]["Message-ID"] == email.message_id
    assert "482913" in received[0].get_payload(decode=True).decode()
    assert email.secret_context == {}  # the code is not kept once delivered


def test_a_4xx_reply_is_retried_with_growing_back_off(smtp_server: SmtpServer) -> None:
    smtp_server.handler.reply = "451 4.3.0 Try again later"
    email = queue_one()
    run_worker()
    email.refresh_from_db()
    first_delay = email.next_attempt_at - timezone.now()
    assert email.status == OutboundEmail.Status.PENDING
    assert "451" in email.last_error

    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    outbox_requeue_due()
    run_worker()
    email.refresh_from_db()
    assert email.attempts == 2
    assert email.next_attempt_at - timezone.now() > first_delay
    assert delivery.retry_delay(50) == timedelta(hours=6)  # capped, never dropped


def test_a_5xx_reply_marks_the_email_failed_and_keeps_it(smtp_server: SmtpServer) -> None:
    smtp_server.handler.reply = "550 5.1.1 Mailbox does not exist"
    email = queue_one(secret_context={"code": "111222"})
    run_worker()
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.FAILED
    assert "550" in email.last_error
    assert email.secret_context == {}
    event = AuditEvent.objects.get(action=Action.EMAIL_FAILED)
    assert event.target_id == str(email.pk)
    with pytest.raises(PermissionError):
        email.delete()
    assert OutboundEmail.objects.filter(pk=email.pk).exists()


def test_worker_killed_after_smtp_accepted_resends_with_the_same_message_id(
    smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    email = queue_one()

    def crash(*args: Any, **kwargs: Any) -> None:
        raise SystemExit("worker killed")

    with monkeypatch.context() as patch:
        patch.setattr(delivery, "_mark_sent", crash)
        with pytest.raises(SystemExit):
            delivery.email_deliver(email_id=email.pk)
    assert len(smtp_server.handler.messages) == 1
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.PENDING

    # While the dead worker's claim lasts, nobody sends it again.
    assert delivery.email_deliver(email_id=email.pk) == "skipped"
    # Once the claim has expired, the next worker start sends it again, same Message-ID.
    OutboundEmail.objects.filter(pk=email.pk).update(
        claimed_until=timezone.now() - timedelta(seconds=1)
    )
    run_worker()
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    ids = [m["Message-ID"] for m in smtp_server.handler.messages]
    assert ids == [email.message_id, email.message_id]


def test_email_links_use_the_configured_base_url_not_the_host_header(
    smtp_server: SmtpServer, settings: Any
) -> None:
    settings.SITE_BASE_URL = "https://sel.example.gouv"
    queue_one()
    run_worker()
    body = smtp_server.handler.messages[0].get_payload(decode=True).decode()
    assert "https://sel.example.gouv" in body


def test_nothing_listening_is_not_mistaken_for_delivery() -> None:
    from django.test import override_settings

    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=free_port(),
        EMAIL_TIMEOUT=2,
    ):
        email = queue_one()
        assert delivery.email_deliver(email_id=email.pk) == "retry"
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.PENDING


def test_staff_see_failed_emails_in_the_console_without_their_secrets(
    admin_client: object, smtp_server: SmtpServer
) -> None:
    smtp_server.handler.reply = "550 5.1.1 Mailbox does not exist"
    queue_one(secret_context={"code": "909090"})
    run_worker()
    email = OutboundEmail.objects.get()
    page = admin_client.get("/gestion/outbox/outboundemail/?status=failed")
    assert "pharmacienne@exemple.qc.ca" in page.content.decode()
    detail = admin_client.get(f"/gestion/outbox/outboundemail/{email.pk}/change/")
    assert "550" in detail.content.decode()
    assert "909090" not in detail.content.decode()


def test_emails_to_one_recipient_go_out_in_the_order_they_were_created(
    smtp_server: SmtpServer,
) -> None:
    """An outage's back-off must not reorder a person's emails, and two workers racing for the
    queue must not either: a newer email waits while an older one to the same address is pending,
    and sending the older one brings the newer one forward."""
    smtp_server.stop()
    with transaction.atomic():
        first = send_email_later(to="a@exemple.qc.ca", language="fr-ca", template="test_notice",
                                 context={"reference": "premier"})  # fmt: skip
    delivery.email_deliver(email_id=first.pk)  # refused: retried later, with a back-off
    with transaction.atomic():
        second = send_email_later(to="a@exemple.qc.ca", language="fr-ca", template="test_notice",
                                  context={"reference": "second"})  # fmt: skip
        other = send_email_later(to="b@exemple.qc.ca", language="fr-ca", template="test_notice",
                                 context={"reference": "autre"})  # fmt: skip
    smtp_server.start()
    # The newer email to the same address waits for the older one; another address does not.
    assert delivery.email_deliver(email_id=second.pk) == "skipped"
    assert delivery.email_deliver(email_id=other.pk) == "sent"
    OutboundEmail.objects.filter(pk=first.pk).update(next_attempt_at=timezone.now())
    run_worker()
    assert [subject for subject, _body in smtp_server.texts("a@exemple.qc.ca")] == [
        "Avis de test des services en ligne"
    ] * 2
    bodies = [body for _subject, body in smtp_server.texts("a@exemple.qc.ca")]
    assert "premier" in bodies[0] and "second" in bodies[1]
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}
