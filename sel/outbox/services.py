"""The email outbox: ``send_email_later`` queues an email inside the caller's transaction; the
worker delivers it (``sel.outbox.delivery``).

- An email exists if and only if the change that caused it committed (same transaction).
- Connection failures and 4xx replies are retried with back-off, for as long as it takes.
- A 5xx reply marks the email failed, visible to staff in the admin.
- A worker killed after SMTP accepted the message but before it was marked sent leaves the claim
  to expire; the email is then sent again with the same Message-ID.
"""

from __future__ import annotations

from email.utils import make_msgid
from typing import Any

from django.conf import settings

from sel.core.languages import language_supported
from sel.outbox.models import OutboundEmail
from sel.outbox.tasks import deliver_email


def send_email_later(
    *,
    to: str,
    language: str,
    template: str,
    context: dict[str, Any] | None = None,
    secret_context: dict[str, Any] | None = None,
) -> OutboundEmail:
    """Queue an email in the current transaction.

    ``language`` is the recipient's (``user.language``, or the language an access request was
    filled in), never the language of the page that causes the email: subject and body are
    rendered under ``translation.override(language)``. It has no default on purpose.
    ``template`` names ``<template>_subject.txt`` and ``<template>.txt`` under ``templates/email/``.
    ``context`` must be JSON-serialisable and hold no secret; a temporary password or a code goes
    in ``secret_context``, which is wiped once the email is delivered or has failed.
    """
    email = OutboundEmail.objects.create(
        message_id=make_msgid(domain=settings.EMAIL_MESSAGE_ID_DOMAIN),
        to=to,
        template=template,
        language=language_supported(language),
        context=context or {},
        secret_context=secret_context or {},
    )
    deliver_email.enqueue(email_id=email.pk)
    return email
