"""Uploaded files, checked by what they contain and served back the same way by every app.

Accepted: PDF, PNG and JPEG, decided from the bytes, never from the file's name or the browser's
Content-Type. An image must be decoded in full by Pillow (a truncated or corrupt image, or one whose
pixel count passes Pillow's decompression-bomb limit, is refused); a PDF must start with ``%PDF-``,
end with an ``%%EOF`` marker, and carry no web-page markup in its header (a PDF/HTML polyglot).
Each caller keeps its own size limit.

One storage scheme for every app: a file is stored as ``<app>/<yyyy>/<mm>/<uuid4 hex><ext>``
(``UploadPath``), the extension being that of its checked type; the name the user gave, possibly
health data and possibly hostile, is kept in the database only (``upload_original_name``) and used,
sanitized, as the download name (``stored_file_response``). What happens when the disk is full is
``sel/core/storage.py``'s.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
import warnings
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from sel.core.storage import upload_must_be_kept

PDF_CONTENT_TYPE = "application/pdf"
PNG_CONTENT_TYPE = "image/png"
JPEG_CONTENT_TYPE = "image/jpeg"

# What an upload may be: content type → extension of the stored and downloaded file.
ACCEPTED_TYPES = {PDF_CONTENT_TYPE: ".pdf", PNG_CONTENT_TYPE: ".png", JPEG_CONTENT_TYPE: ".jpg"}
# For the file picker only (a hint to the browser; the server decides by content).
UPLOAD_ACCEPT = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"

# Types that files stored before this check may have (messaging took GIF and TIFF, scans of access
# requests TIFF): they are still served with their own type.
SERVED_TYPES = {**ACCEPTED_TYPES, "image/gif": ".gif", "image/tiff": ".tif"}
OCTET_STREAM = "application/octet-stream"

PDF_MAGIC = b"%PDF-"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
# PDF readers look for the end-of-file marker in the last 1024 bytes (PDF 1.7, annex H note 18).
PDF_EOF_WINDOW = 1024
PDF_EOF_MARKER = b"%%EOF"
# Readers accept the header anywhere in the first 1024 bytes; a browser sniffing the same bytes
# finds a web page if one of these tags is there (WHATWG MIME Sniffing, "text/html" patterns, less
# <a> and <b>, which a PDF hex string can look like), or an SVG / XML document.
PDF_HEADER_WINDOW = 1024
MARKUP_IN_HEADER = re.compile(
    rb"<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|style|title|body|br|p|svg"
    rb"|object|embed|meta|\?xml|!--)[\s>/]",
    re.IGNORECASE,
)
PILLOW_FORMATS = {"PNG": PNG_CONTENT_TYPE, "JPEG": JPEG_CONTENT_TYPE, "MPO": JPEG_CONTENT_TYPE}


# The longest user file name kept in the database (the models' ``original_name`` fields).
ORIGINAL_NAME_MAX = 200


@deconstructible
class UploadPath:
    """``upload_to`` of every field holding a user's file: ``<app>/<yyyy>/<mm>/<uuid4 hex><ext>``.
    The extension is kept only if it is one of the checked types' (``stored_file`` names the file
    so); anything else, the user's name included, never reaches the disk."""

    def __init__(self, app: str) -> None:
        self.app = app

    def __call__(self, instance: Any, filename: str) -> str:
        extension = PurePath(filename).suffix.lower()
        extension = ".jpg" if extension == ".jpeg" else extension
        if extension not in SERVED_TYPES.values():
            extension = ""
        return f"{self.app}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UploadPath) and other.app == self.app

    def __hash__(self) -> int:
        return hash(self.app)


def upload_original_name(name: str | None) -> str:
    """The name the user gave, for the database and the download name only: its last path part,
    Unicode-normalised, without control characters, at most ``ORIGINAL_NAME_MAX`` characters
    (the end kept, so the extension shows)."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    return name[-ORIGINAL_NAME_MAX:] or _("fichier")


def stored_file(upload: UploadedFile) -> File:
    """The upload, named for storage by its checked type (``upload_check`` set
    ``upload.content_type``); ``UploadPath`` gives it its random name."""
    return File(upload, name=f"upload{ACCEPTED_TYPES.get(upload.content_type or '', '')}")


@dataclass(frozen=True)
class CheckedUpload:
    """An upload whose content was checked. ``original_name`` is the user's name, for the database
    only; ``file()`` is what a model's file field stores (under a random name, ``UploadPath``)."""

    upload: UploadedFile
    original_name: str
    content_type: str
    extension: str
    size: int
    sha256: str

    def file(self) -> File:
        return stored_file(self.upload)


def upload_check(upload: UploadedFile, *, max_bytes: int) -> CheckedUpload:
    """The one check of every uploaded file: size, then type by content. Sets
    ``upload.content_type`` to the checked type, so code that reads it afterwards never sees the
    browser's claim."""
    upload_must_be_kept(upload)
    name = upload_original_name(upload.name)
    upload_size_within_limit(upload, name=name, max_bytes=max_bytes)
    content_type = upload_type_from_content(upload, name=name)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    upload.content_type = content_type
    return CheckedUpload(
        upload=upload,
        original_name=name,
        content_type=content_type,
        extension=ACCEPTED_TYPES[content_type],
        size=int(upload.size or 0),
        sha256=digest.hexdigest(),
    )


def upload_size_within_limit(upload: UploadedFile, *, name: str, max_bytes: int) -> None:
    size = int(upload.size or 0)
    if size > max_bytes:
        raise ValidationError(
            _(
                "« %(name)s » pèse %(size)s ; un fichier ne peut dépasser %(limit)s ici. "
                "Réduisez-le ou divisez-le en plusieurs fichiers."
            )
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    if not size:
        raise ValidationError(_("« %(name)s » est vide.") % {"name": name}, code="empty")


def upload_type_from_content(upload: UploadedFile, *, name: str) -> str:
    """The content type read from the bytes: a whole PDF, PNG or JPEG; anything else is refused."""
    upload.seek(0)
    head = upload.read(PDF_HEADER_WINDOW)
    upload.seek(0)
    if head.startswith(PDF_MAGIC):
        _pdf_must_be_whole(upload, head, name=name)
        return PDF_CONTENT_TYPE
    if head.startswith(PNG_MAGIC):
        return _image_must_decode(upload, "PNG", name=name)
    if head.startswith(JPEG_MAGIC):
        return _image_must_decode(upload, "JPEG", name=name)
    raise ValidationError(
        _(
            "« %(name)s » n'est pas un fichier PDF, PNG ou JPEG : son contenu a été vérifié, "
            "pas seulement son nom."
        )
        % {"name": name},
        code="bad_type",
    )


def _pdf_must_be_whole(upload: UploadedFile, head: bytes, *, name: str) -> None:
    if MARKUP_IN_HEADER.search(head):
        raise ValidationError(
            _(
                "« %(name)s » n'est pas un PDF valide : il contient le code d'une page Web (HTML "
                "ou SVG)."
            )
            % {"name": name},
            code="pdf_polyglot",
        )
    size = int(upload.size or 0)
    upload.seek(max(0, size - PDF_EOF_WINDOW))
    tail = upload.read(PDF_EOF_WINDOW)
    upload.seek(0)
    if PDF_EOF_MARKER not in tail:
        raise ValidationError(
            _(
                "« %(name)s » commence comme un PDF mais sa fin manque : le fichier est incomplet "
                "ou endommagé. Enregistrez-le de nouveau en PDF."
            )
            % {"name": name},
            code="pdf_damaged",
        )


def _image_must_decode(upload: UploadedFile, expected: str, *, name: str) -> str:
    """Pillow checks the structure (``verify``), then decodes every pixel (``load``): a truncated
    or corrupt image fails one or the other. Past Pillow's pixel limit the image is refused."""
    formats = [expected]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=formats) as image:
                image_format = image.format or ""
                image.verify()
            upload.seek(0)
            with Image.open(upload, formats=formats) as image:
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _(
                "« %(name)s » est une image de trop grandes dimensions (plus de %(pixels)s "
                "pixels) : réduisez sa résolution."
            )
            % {"name": name, "pixels": f"{Image.MAX_IMAGE_PIXELS or 0:,}".replace(",", " ")},
            code="image_too_large",
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        image_format = ""
    finally:
        upload.seek(0)
    if image_format not in PILLOW_FORMATS:
        raise ValidationError(
            _(
                "« %(name)s » est une image %(format)s endommagée ou incomplète : elle ne peut pas "
                "être lue. Enregistrez-la ou numérisez-la de nouveau."
            )
            % {"name": name, "format": expected},
            code="image_damaged",
        )
    return PILLOW_FORMATS[image_format]


def content_type_of_stored_name(name: str) -> str:
    """The type of a file stored under a generated name (its extension was set from its checked
    content); an unknown extension is served as opaque bytes."""
    extension = PurePath(name).suffix.lower()
    if extension == ".jpeg":
        return JPEG_CONTENT_TYPE
    for content_type, known in SERVED_TYPES.items():
        if known == extension:
            return content_type
    return OCTET_STREAM


def safe_download_name(name: str, content_type: str) -> str:
    """The user's file name, reduced to letters, digits and a few signs, with the extension of
    its checked type (a PNG named ``page.html`` downloads as ``page.png``)."""
    stem = PurePath(unicodedata.normalize("NFKC", name or "").replace("\\", "/")).stem
    stem = re.sub(r"[^\w\-. ()]+", "_", stem, flags=re.UNICODE)
    stem = re.sub(r"[_ ]{2,}", "_", stem).strip(" ._-")[:100] or "fichier"
    return stem + SERVED_TYPES.get(content_type, ".bin")


def stored_file_response(
    stored: FieldFile, *, content_type: str, download_name: str
) -> FileResponse:
    """Every uploaded file is served this way: as a download under a safe name, with its checked
    type, never sniffed by the browser, never rendered in the portal's origin, never cached."""
    if content_type not in SERVED_TYPES:
        content_type = OCTET_STREAM
    response = FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=safe_download_name(download_name, content_type),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store, private"
    return response


def uploads_of(data: Any) -> list[UploadedFile]:
    """The files of a multiple file field, whether the browser sent none, one or several."""
    return [d for d in (data if isinstance(data, list | tuple) else [data]) if d]
