"""PDFs signed with a certificate, made in the test: a self-signed certificate by cryptography,
the signature by pyHanko's signing API (PAdES), the PDF by fpdf2."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from fpdf import FPDF
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers

FORM_TEXT = "Demande d'acces - formulaire 4058 - signe numeriquement"


def signer_for(common_name: str) -> signers.SimpleSigner:
    """A key and a self-signed certificate naming ``common_name``, as a pyHanko signer."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Logiciels Inc."),
        ]
    )
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    return signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(
            certificate.public_bytes(serialization.Encoding.DER)
        ),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
        cert_registry=None,
    )


def unsigned_form_pdf() -> bytes:
    pdf = FPDF()
    pdf.set_compression(False)  # the form's text stays findable in the bytes, to alter it
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=FORM_TEXT)
    return bytes(pdf.output())


def signed(pdf: bytes, signer: signers.SimpleSigner, field: str = "Signature1") -> bytes:
    """``pdf`` with one more signature (an incremental update, as every signing tool does)."""
    output = io.BytesIO()
    signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf)),
        signers.PdfSignatureMetadata(field_name=field),
        signer=signer,
        output=output,
    )
    return output.getvalue()


def signed_form_pdf(common_name: str = "Anh Nguyen") -> bytes:
    return signed(unsigned_form_pdf(), signer_for(common_name))


def altered_in_place(pdf: bytes) -> bytes:
    """The signed bytes edited afterwards (a word of the form changed): the digest no longer
    matches."""
    at = pdf.index(b"4058")
    return pdf[:at] + b"4059" + pdf[at + 4 :]


def altered_by_update(pdf: bytes) -> bytes:
    """An incremental update appended after signing that changes the document's catalogue (not a
    signature nor form filling): the signature stays intact but no longer covers what is shown."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    writer.root["/Lang"] = generic.TextStringObject("en")
    writer.root["/OpenAction"] = generic.NullObject()
    writer.update_root()
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
