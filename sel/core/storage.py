"""The disk that holds uploaded files, and the one answer to its being full.

A full disk (or quota) is one error, ``StorageFull``: a ``ValidationError`` that rolls the
service's transaction back and that forms show beside the file field, with everything the person
typed. Nothing half-written is kept: the storage removes a file it could not write in full
(``UploadStorage``), a service storing several removes those already stored when a later one
fails (``stored_together``), and a file whose temporary copy met a full disk while it arrived
(``UploadTemporaryFileHandler``) reaches the form as an ``UploadNotKept``, which
``upload_must_be_kept`` refuses.
"""

from __future__ import annotations

import errno
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _


class StorageFull(ValidationError):
    """The disk (or quota) that holds uploaded files is full. Nothing of the file is kept; as a
    ``ValidationError`` (code ``storage_full``) it rolls back the service's transaction, and the
    form shows it beside the file field with everything the person typed."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Le fichier n'a pas pu être enregistré : l'espace de stockage du portail est "
                "plein pour l'instant. Rien n'a été enregistré et ce que vous avez saisi est "
                "conservé ci-dessous. Réessayez plus tard, ou envoyez votre texte sans le fichier."
            ),
            code="storage_full",
        )


def disk_full(error: OSError) -> bool:
    """Whether a write failed for want of space: the disk, or the account's quota on it."""
    return error.errno in (errno.ENOSPC, errno.EDQUOT)


class UploadNotKept(InMemoryUploadedFile):
    """A file sent while the disk of the uploads' temporary files was full: nothing of it was
    kept (its size is what the browser sent). ``upload_must_be_kept`` refuses it."""


class UploadTemporaryFileHandler(TemporaryFileUploadHandler):
    """Django's handler for the files too large to be held in memory (past
    ``FILE_UPLOAD_MAX_MEMORY_SIZE``), which writes them to ``FILE_UPLOAD_TEMP_DIR``: if that disk
    is full, the temporary file is removed and the file arrives as an ``UploadNotKept``, so the
    rest of the form is still read and the page can say why, instead of failing whole."""

    not_kept = False

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        self.not_kept = False
        try:
            super().new_file(*args, **kwargs)
        except OSError as exc:
            if not disk_full(exc):
                raise
            self.not_kept = True

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        if self.not_kept:
            return
        try:
            super().receive_data_chunk(raw_data, start)
        except OSError as exc:
            if not disk_full(exc):
                raise
            self._drop()

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self.not_kept:
            try:
                return super().file_complete(file_size)
            except OSError as exc:
                if not disk_full(exc):
                    raise
                self._drop()
        return UploadNotKept(
            io.BytesIO(),
            self.field_name,
            self.file_name,
            self.content_type,
            file_size,
            self.charset,
            self.content_type_extra,
        )

    def upload_interrupted(self) -> None:
        if not self.not_kept:  # else its temporary file is gone already
            super().upload_interrupted()

    def _drop(self) -> None:
        """The temporary file goes (a named temporary file is removed when closed)."""
        self.not_kept = True
        with suppress(OSError):
            self.file.close()


def upload_must_be_kept(upload: UploadedFile) -> None:
    """A file the temporary disk could not hold is refused as the storage's own full disk is."""
    if isinstance(upload, UploadNotKept):
        raise StorageFull()


class UploadStorage(FileSystemStorage):
    """The file system storage of every uploaded file (``STORAGES["default"]``): a file that the
    disk could not hold in full is removed, never left half-written, and ``StorageFull`` raised."""

    def _save(self, name: str, content: File) -> str:
        parent: Any = super()  # django-stubs do not declare Storage._save
        try:
            return str(parent._save(name, content))
        except OSError as exc:
            if not disk_full(exc):
                raise
            with suppress(OSError):
                os.remove(self.path(name))
            raise StorageFull() from exc


def stored_files_remove(files: list[FieldFile]) -> None:
    """Removes files a service stored before a later step failed (its rows roll back)."""
    for stored in files:
        with suppress(OSError):
            stored.delete(save=False)


@contextmanager
def stored_together() -> Iterator[list[FieldFile]]:
    """The files one service call stores (a message's attachments, a request's): the caller
    appends each once stored. If a later one fails (``StorageFull``, or any error that rolls the
    service's transaction back), those already stored are removed too: the rows naming them
    roll back, and no file is kept that nothing names."""
    stored: list[FieldFile] = []
    try:
        yield stored
    except Exception:
        stored_files_remove(stored)
        raise
