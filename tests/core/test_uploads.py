"""The one upload check of the portal (sel.core.uploads): PDF, PNG or JPEG decided by content,
images decoded in full by Pillow, PDFs whole and without web-page markup, a size limit per use, and
a message that names the file and says what is wrong. The form pages of the three apps that use it
are tested in tests/messaging, tests/exception_drugs and tests/access."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from sel.core.uploads import (
    UploadPath,
    content_type_of_stored_name,
    safe_download_name,
    upload_check,
)
from tests.core.upload_samples import (
    decompression_bomb_png,
    html_page,
    image_bytes,
    jpeg_bytes,
    pdf_bytes,
    pdf_html_polyglot,
    pdf_without_eof,
    png_bytes,
    png_header_then_junk,
    svg_image,
    truncated_png,
    upload,
)

TEN_MB = 10 * 1024 * 1024


@pytest.mark.parametrize(
    ("make", "name", "claimed", "content_type", "extension"),
    [
        (png_bytes, "carte.html", "text/html", "image/png", ".png"),
        (jpeg_bytes, "photo.pdf", "application/pdf", "image/jpeg", ".jpg"),
        (pdf_bytes, "ordonnance.png", "image/png", "application/pdf", ".pdf"),
    ],
)
def test_a_real_file_is_accepted_by_its_content_whatever_its_name_or_claimed_type(
    make: Callable[[], bytes], name: str, claimed: str, content_type: str, extension: str
) -> None:
    content = make()
    file = upload(name, content, claimed)
    checked = upload_check(file, max_bytes=TEN_MB)
    assert (checked.content_type, checked.extension) == (content_type, extension)
    assert file.content_type == content_type  # what the callers store is the checked type
    assert checked.original_name == name
    stored = UploadPath("app")(None, checked.file().name)
    assert stored.endswith(extension)
    assert name.split(".")[0] not in stored
    assert checked.size == len(content)
    assert file.read() == content  # the check leaves the file ready to be stored


def test_two_uploads_of_the_same_name_get_different_stored_names() -> None:
    first = upload_check(upload("scan.pdf", pdf_bytes()), max_bytes=TEN_MB)
    second = upload_check(upload("scan.pdf", pdf_bytes()), max_bytes=TEN_MB)
    path = UploadPath("app")
    assert path(None, first.file().name) != path(None, second.file().name)


@pytest.mark.parametrize(
    ("make", "name", "code", "says"),
    [
        (truncated_png, "carte.png", "image_damaged", "est une image PNG endommagée ou incomplète"),
        (
            png_header_then_junk,
            "carte.png",
            "image_damaged",
            "est une image PNG endommagée ou incomplète",
        ),
        (
            lambda: jpeg_bytes()[:600],
            "photo.jpg",
            "image_damaged",
            "est une image JPEG endommagée ou incomplète",
        ),
        (html_page, "carte.png", "bad_type", "n'est pas un fichier PDF, PNG ou JPEG"),
        (svg_image, "logo.png", "bad_type", "n'est pas un fichier PDF, PNG ou JPEG"),
        (lambda: image_bytes("GIF"), "anime.gif", "bad_type", "n'est pas un fichier PDF, PNG"),
        (lambda: b"MZ\x90\x00\x03\x00", "programme.pdf", "bad_type", "n'est pas un fichier PDF"),
        (lambda: b" %PDF-1.4\n%%EOF", "decale.pdf", "bad_type", "n'est pas un fichier PDF"),
        (pdf_without_eof, "rapport.pdf", "pdf_damaged", "commence comme un PDF mais sa fin manque"),
        (
            pdf_html_polyglot,
            "rapport.pdf",
            "pdf_polyglot",
            "n'est pas un PDF valide : il contient le code d'une page Web",
        ),
        (decompression_bomb_png, "bombe.png", "image_too_large", "de trop grandes dimensions"),
        (lambda: b"", "vide.pdf", "empty", "est vide"),
    ],
)
def test_a_file_that_is_not_a_whole_pdf_png_or_jpeg_is_refused_naming_it(
    make: Callable[[], bytes], name: str, code: str, says: str
) -> None:
    with pytest.raises(ValidationError) as error:
        upload_check(upload(name, make(), "image/png"), max_bytes=TEN_MB)
    assert error.value.code == code
    assert f"« {name} »" in error.value.messages[0]
    assert says in error.value.messages[0]


def test_a_file_over_the_limit_is_refused_with_its_size_and_the_limit() -> None:
    big = pdf_bytes() + b"\n" * (2 * 1024 * 1024)
    with pytest.raises(ValidationError) as error:
        upload_check(upload("gros.pdf", big), max_bytes=1024 * 1024)
    assert error.value.code == "too_large"
    message = error.value.messages[0]
    assert "« gros.pdf » pèse 2,0" in message and "ne peut dépasser 1,0" in message


def test_a_file_at_the_limit_is_accepted() -> None:
    content = pdf_bytes()
    assert upload_check(upload("juste.pdf", content), max_bytes=len(content)).size == len(content)


def test_the_messages_are_in_english_for_an_english_reader() -> None:
    with translation.override("en"), pytest.raises(ValidationError) as error:
        upload_check(upload("carte.png", truncated_png()), max_bytes=TEN_MB)
    assert error.value.messages[0].startswith("“carte.png” is a damaged or incomplete PNG image")


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("carte.png", "image/png", "carte.png"),
        ("carte.html", "image/png", "carte.png"),  # the checked type decides the extension
        ("../../etc/passwd", "application/pdf", "passwd.pdf"),
        ('re"sul\\tat;\r\nx.pdf', "application/pdf", "tat_x.pdf"),
        ("Réclamation d'été.pdf", "application/pdf", "Réclamation d_été.pdf"),
        ("...", "image/jpeg", "fichier.jpg"),
        ("inconnu.exe", "application/x-msdownload", "inconnu.bin"),
    ],
)
def test_a_download_gets_a_safe_name_with_the_extension_of_its_checked_type(
    name: str, content_type: str, expected: str
) -> None:
    assert safe_download_name(name, content_type) == expected


@pytest.mark.parametrize(
    ("stored", "content_type"),
    [
        ("access/scans/abc.pdf", "application/pdf"),
        ("access/scans/abc.PNG", "image/png"),
        ("access/scans/abc.jpeg", "image/jpeg"),
        ("access/scans/ancien.tif", "image/tiff"),  # stored before TIFF was refused
        ("access/scans/page.html", "application/octet-stream"),
        ("access/scans/sans-extension", "application/octet-stream"),
    ],
)
def test_a_stored_file_is_typed_by_its_generated_extension(stored: str, content_type: str) -> None:
    assert content_type_of_stored_name(stored) == content_type
