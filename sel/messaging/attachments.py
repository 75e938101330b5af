"""Attachments are checked by what they contain, not by their name or the browser's claim:
a PDF starts with ``%PDF-``; an image must be one Pillow recognises and can verify."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

PDF_MAGIC = b"%PDF-"
IMAGE_TYPES = {
    "PNG": ("image/png", ".png"),
    "JPEG": ("image/jpeg", ".jpg"),
    "GIF": ("image/gif", ".gif"),
    "TIFF": ("image/tiff", ".tif"),
}
ACCEPT = "application/pdf,.pdf," + ",".join(t for t, _ext in IMAGE_TYPES.values())


@dataclass(frozen=True)
class CheckedUpload:
    upload: UploadedFile
    content_type: str
    extension: str
    size: int
    sha256: str

    @property
    def original_name(self) -> str:
        return (self.upload.name or "piece-jointe")[-200:]


def attachment_max_bytes() -> int:
    return int(settings.MESSAGING_ATTACHMENT_MAX_MB) * 1024 * 1024


def attachment_size_within_limit(upload: UploadedFile) -> None:
    """Seed 002: « Capacité illimitée »: no quota on the number of messages, of attachments or on
    their total size; each single attachment has a size limit (MESSAGING_ATTACHMENT_MAX_MB)."""
    limit = attachment_max_bytes()
    if (upload.size or 0) > limit:
        raise ValidationError(
            _(
                "« %(name)s » pèse %(size)s ; une pièce jointe ne peut dépasser %(limit)s. "
                "Réduisez-la ou divisez-la en plusieurs fichiers."
            )
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size or 0),
                "limit": filesizeformat(limit),
            },
            code="too_large",
        )
    if not upload.size:
        raise ValidationError(_("« %(name)s » est vide.") % {"name": upload.name}, code="empty")


def attachment_type_from_content(upload: UploadedFile) -> tuple[str, str]:
    """(content type, extension) read from the bytes; anything but a PDF or an image is refused."""
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head == PDF_MAGIC:
        return "application/pdf", ".pdf"
    try:
        with Image.open(upload) as image:
            image_format = image.format or ""
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        image_format = ""
    finally:
        upload.seek(0)
    if image_format in IMAGE_TYPES:
        return IMAGE_TYPES[image_format]
    raise ValidationError(
        _(
            "« %(name)s » n'est ni un PDF ni une image (PNG, JPEG, GIF, TIFF) : son contenu a "
            "été vérifié."
        )
        % {"name": upload.name},
        code="bad_type",
    )


def attachment_check(upload: UploadedFile) -> CheckedUpload:
    attachment_size_within_limit(upload)
    content_type, extension = attachment_type_from_content(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(
        upload=upload,
        content_type=content_type,
        extension=extension,
        size=int(upload.size or 0),
        sha256=digest.hexdigest(),
    )
