"""Delivery of the outbox's emails: ``email_deliver`` (run by the worker through
``sel.outbox.tasks``) sends one email over SMTP with retries. Emails are queued by
``sel.outbox.services.send_email_later``.

- An email exists if and only if the change that caused it committed (same transaction).
- Connection failures and 4xx replies are retried with back-off, for as long as it takes.
- A 5xx reply marks the email failed, visible to staff in the admin.
- A worker killed after SMTP accepted the message but before it was marked sent leaves the claim
  to expire; the email is then sent again with the same Message-ID.
- Emails to one recipient go out in the order they were created: an email is claimed only when no
  older one to the same address is still pending, and sending one brings the next one forward
  (several workers race for the queue; an outage's back-off must not reorder a person's emails).
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from sel.audit.events import Action
from sel.audit.services import record
from sel.outbox.models import OutboundEmail

logger = logging.getLogger("sel.outbox")


def claim_duration() -> timedelta:
    return timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS)


def first_in_line() -> Q:
    """No older email to the same recipient is still pending (order of creation per recipient)."""
    older = OutboundEmail.objects.filter(
        to=OuterRef("to"), status=OutboundEmail.Status.PENDING, pk__lt=OuterRef("pk")
    )
    return ~Q(Exists(older))


def render_email(email: OutboundEmail) -> tuple[str, str]:
    context = {
        **email.context,
        **email.secret_context,
        "site_base_url": settings.SITE_BASE_URL,
    }
    with translation.override(email.language):
        subject = render_to_string(f"email/{email.template}_subject.txt", context)
        body = render_to_string(f"email/{email.template}.txt", context)
    return " ".join(subject.split()), body


def _claim(email_id: int) -> bool:
    now = timezone.now()
    claimed = (
        OutboundEmail.objects.filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
            pk=email_id,
            status=OutboundEmail.Status.PENDING,
            next_attempt_at__lte=now,  # a duplicate task does not jump the back-off
        )
        .filter(first_in_line())
        .update(claimed_until=now + claim_duration())
    )
    return claimed == 1


def _smtp_code(exc: Exception) -> int | None:
    if isinstance(exc, smtplib.SMTPResponseException):
        return int(exc.smtp_code)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [int(code) for code, _msg in exc.recipients.values()]
        return max(codes) if codes else None
    return None


def retry_delay(attempts: int) -> timedelta:
    """1 min, 2, 4, ... (OUTBOX_RETRY_SECONDS doubled) capped at OUTBOX_MAX_BACKOFF: retried for
    days, never dropped."""
    cap: timedelta = settings.OUTBOX_MAX_BACKOFF
    exponent = min(max(attempts - 1, 0), 30)  # 2**30 minutes is past any sensible cap
    return min(timedelta(seconds=settings.OUTBOX_RETRY_SECONDS * 2**exponent), cap)


def email_deliver(*, email_id: int) -> str:
    """Send one outbox email over SMTP, at most once per claim."""
    if not _claim(email_id):
        return "skipped"
    email = OutboundEmail.objects.get(pk=email_id)
    subject, body = render_email(email)
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={"Message-ID": email.message_id, "Auto-Submitted": "auto-generated"},
    )
    try:
        message.send(fail_silently=False)
    except (OSError, smtplib.SMTPException) as exc:
        code = _smtp_code(exc)
        attempts = email.attempts + 1
        error = f"{type(exc).__name__}: {code or ''} {exc}"[:1000]
        with transaction.atomic():
            if code is not None and 500 <= code < 600:
                OutboundEmail.objects.filter(pk=email_id).update(
                    status=OutboundEmail.Status.FAILED,
                    attempts=attempts,
                    last_error=error,
                    secret_context={},
                    claimed_until=None,
                )
                record(
                    action=Action.EMAIL_FAILED,
                    target=email,
                    details={"template": email.template, "smtp_reply": code},
                )
                logger.warning("email %s failed permanently: %s", email.message_id, error)
                return "failed"
            OutboundEmail.objects.filter(pk=email_id).update(
                attempts=attempts,
                last_error=error,
                next_attempt_at=timezone.now() + retry_delay(attempts),
                claimed_until=None,
            )
        logger.info("email %s will be retried (attempt %d): %s", email.message_id, attempts, error)
        return "retry"
    _mark_sent(email, subject=subject)
    return "sent"


def _mark_sent(email: OutboundEmail, *, subject: str) -> None:
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=OutboundEmail.Status.SENT,
        attempts=email.attempts + 1,
        sent_at=timezone.now(),
        subject=subject[:255],
        secret_context={},
        claimed_until=None,
        last_error="",
    )


def email_next_in_line(*, email_id: int) -> int | None:
    """Once ``email_id`` is sent: its recipient's next pending email, made due now (it waited for
    this one, maybe with a back-off from an outage, and the server just took one for them)."""
    email = OutboundEmail.objects.filter(pk=email_id).values("to").first()
    if email is None:
        return None
    following = (
        OutboundEmail.objects.filter(
            to=email["to"], status=OutboundEmail.Status.PENDING, pk__gt=email_id
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    if following is not None:
        OutboundEmail.objects.filter(pk=following, next_attempt_at__gt=timezone.now()).update(
            next_attempt_at=timezone.now()
        )
    return following
