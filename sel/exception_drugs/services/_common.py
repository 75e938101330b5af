"""The steps the request services share: a status change with its history row, the request's
files stored all or none, and the prescriber told that something changed."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils import timezone

from sel.accounts.models import User
from sel.core.http import absolute_url
from sel.core.storage import stored_together
from sel.core.uploads import stored_file, upload_original_name
from sel.exception_drugs.models import (
    Attachment,
    AttachmentKind,
    ExceptionRequest,
    Status,
    StatusChange,
)
from sel.outbox.services import send_email_later


def status_move(exception_request: ExceptionRequest, *, to: Status, by: User | None) -> None:
    now = timezone.now()
    StatusChange.objects.create(
        request=exception_request,
        from_status=exception_request.status if exception_request.pk else "",
        to_status=to,
        changed_at=now,
        changed_by=by,
    )
    exception_request.status = to
    exception_request.status_changed_at = now


def attachments_store(
    exception_request: ExceptionRequest,
    files: Iterable[UploadedFile],
    *,
    kind: AttachmentKind,
    by: User,
) -> None:
    """The request's files, all or none: on a full disk (``StorageFull``) the ones already
    stored are removed, and the request's rows roll back with the transaction."""
    with stored_together() as stored:
        for upload in files:
            attachment = Attachment.objects.create(
                request=exception_request,
                kind=kind,
                file=stored_file(upload),
                original_name=upload_original_name(upload.name),
                content_type=upload.content_type or "application/octet-stream",
                size=upload.size or 0,
                uploaded_by=by,
            )
            stored.append(attachment.file)


def prescriber_notify(exception_request: ExceptionRequest) -> None:
    """The prescriber learns that something changed; the email carries the reference and a link,
    never the NAM, the drug or the decision (no health data by email)."""
    send_email_later(
        to=exception_request.prescriber.email,
        language=exception_request.prescriber.language,
        template="exception_drugs/request_changed",
        context={
            "reference": exception_request.reference,
            "url": absolute_url(
                reverse("exception_drugs:request_detail", args=[exception_request.reference])
            ),
        },
    )
