"""Attachments of the secure messaging: the shared upload check (``sel.core.uploads``: PDF, PNG or
JPEG decided by content, images decoded in full by Pillow) with this app's size limit."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from sel.core.uploads import CheckedUpload, upload_check

__all__ = ["CheckedUpload", "attachment_check", "attachment_max_bytes"]


def attachment_max_bytes() -> int:
    """Seed 002: « Capacité illimitée »: no quota on the number of messages, of attachments or on
    their total size; each single attachment has a size limit (MESSAGING_ATTACHMENT_MAX_MB)."""
    return int(settings.MESSAGING_ATTACHMENT_MAX_MB) * 1024 * 1024


def attachment_check(upload: UploadedFile) -> CheckedUpload:
    return upload_check(upload, max_bytes=attachment_max_bytes())
