"""Files a user or an attacker could upload, made for real: images by Pillow, PDFs by fpdf2."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from fpdf import FPDF
from PIL import Image


def image_bytes(image_format: str, size: tuple[int, int] = (120, 80)) -> bytes:
    """A photo-like image (noise, so that it does not compress to nothing)."""
    buffer = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(buffer, format=image_format)
    return buffer.getvalue()


def png_bytes() -> bytes:
    return image_bytes("PNG")


def jpeg_bytes() -> bytes:
    return image_bytes("JPEG")


def pdf_bytes(text: str = "Ordonnance") -> bytes:
    pdf = FPDF()
    # A fixed creation date: two samples made a second apart are the same bytes.
    pdf.set_creation_date(datetime(2026, 1, 1, tzinfo=UTC))
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(text=text)
    return bytes(pdf.output())


def truncated_png() -> bytes:
    whole = png_bytes()
    return whole[: len(whole) // 2]


def png_header_then_junk() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def html_page() -> bytes:
    return b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def svg_image() -> bytes:
    return (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(document.cookie)</script></svg>"
    )


def pdf_without_eof() -> bytes:
    whole = pdf_bytes()
    return whole[: whole.rindex(b"%%EOF")]


def pdf_html_polyglot() -> bytes:
    """Starts like a PDF, reads like a web page to a browser that sniffs, ends with %%EOF."""
    return b"%PDF-1.4\n" + html_page() + b"\n%%EOF\n"


def decompression_bomb_png() -> bytes:
    """A few kilobytes that would decode to 200 million pixels."""
    buffer = io.BytesIO()
    Image.new("1", (20_000, 10_000)).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> Any:
    return SimpleUploadedFile(name, content, content_type=content_type)


def multipart_with_raw_file_name(
    fields: dict[str, Any], *, file_field: str, file_name: str, content: bytes
) -> tuple[bytes, str]:
    """A multipart body whose file part carries ``file_name`` exactly as an attacker's client
    would send it (Django's test client would reduce it to its base name first). Returns the body
    and its Content-Type, for ``Client.generic("POST", ...)``."""
    boundary = "SelHostileBoundary7MA4YWxkTrZu0gW"
    parts: list[bytes] = []
    for name, values in fields.items():
        disposition = f'Content-Disposition: form-data; name="{name}"'
        for value in values if isinstance(values, list | tuple) else [values]:
            parts.append(f"--{boundary}\r\n{disposition}\r\n\r\n{value}\r\n".encode())
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
        f'filename="{file_name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
