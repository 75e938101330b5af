"""Digital signatures inside a PDF (PAdES / CMS), checked with pyHanko.

Seed 003 accepts « une signature numérique (générée grâce à un certificat numérique produit au
moyen d'un outil spécialisé) ». A form signed that way reaches the Régie as a PDF whose signatures
are embedded in the file; this module reads them.

Trust model (ours; the seed names no certificate authority):
- What is checked, offline: each signature's cryptography (the signed digest matches the signed
  bytes and the signature verifies with the certificate's public key), and how much of the file it
  covers: the whole file, or its revision followed only by changes pyHanko's difference analysis
  allows (another signature, form filling). Any other change after signing is a broken signature.
- What is not checked: whether the certificate chains to an authority the Régie trusts, or has
  been revoked. No OCSP or CRL is fetched (``allow_fetching=False``, no trust roots): the portal
  makes no network call on a file a stranger sent. The agent is shown the signer's name, the
  certificate's issuer and fingerprint, and decides whether that person is the one the form names,
  as they do for a handwritten signature.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import (
    ModificationLevel,
    PdfSignatureStatus,
    SignatureCoverageLevel,
)
from pyhanko_certvalidator import ValidationContext

logger = logging.getLogger(__name__)

# A PDF signature dictionary always has a /ByteRange: its presence says the file claims to be
# signed, even when the signature cannot be read.
SIGNATURE_MARKER = b"/ByteRange"


@dataclass(frozen=True)
class PdfSignatureCheck:
    """One embedded signature as the agent reads it."""

    signer_name: str
    signer_subject: str
    issuer: str
    fingerprint_sha256: str
    signed_at: datetime | None
    # The signature verifies with its certificate and its digest matches the signed bytes.
    intact: bool
    # The signed bytes are the whole file: nothing was added after signing.
    covers_whole_file: bool
    # Added after signing, only what pyHanko's difference analysis allows (another signature,
    # form filling, validation data).
    extended_acceptably: bool

    @property
    def sound(self) -> bool:
        return self.intact and (self.covers_whole_file or self.extended_acceptably)


def _check(status: PdfSignatureStatus) -> PdfSignatureCheck:
    cert = status.signing_cert
    subject = cert.subject.native
    covers_whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    extended_acceptably = (
        not covers_whole_file
        and status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.modification_level is not None
        and status.modification_level < ModificationLevel.OTHER
        and bool(status.docmdp_ok)
    )
    return PdfSignatureCheck(
        signer_name=str(subject.get("common_name") or cert.subject.human_friendly),
        signer_subject=cert.subject.human_friendly,
        issuer=cert.issuer.human_friendly,
        fingerprint_sha256=cert.sha256.hex(),
        signed_at=status.signer_reported_dt,
        intact=bool(status.intact and status.valid),
        covers_whole_file=covers_whole_file,
        extended_acceptably=extended_acceptably,
    )


def pdf_signatures(data: bytes) -> list[PdfSignatureCheck]:
    """Every signature embedded in ``data``, checked offline (see the module's trust model).
    An unsigned PDF, or bytes that are not a PDF, have none. A file that claims a signature
    pyHanko cannot read raises ``ValueError``."""
    if SIGNATURE_MARKER not in data:
        return []
    context = ValidationContext(trust_roots=[], allow_fetching=False)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        return [
            _check(validate_pdf_signature(embedded, context))
            for embedded in reader.embedded_signatures
        ]
    except Exception as error:  # pyHanko raises many kinds on a hostile or damaged file
        logger.info("Unreadable PDF signature: %s", error)
        raise ValueError("unreadable signature") from error


def pdf_signatures_must_be_sound(data: bytes, *, name: str) -> list[PdfSignatureCheck]:
    """The signatures of a received PDF, or a ``ValidationError`` naming the file when one of them
    is broken: altered after signing, not matching its certificate, or unreadable."""
    try:
        found = pdf_signatures(data)
    except ValueError:
        raise ValidationError(
            _(
                "« %(name)s » porte une signature numérique illisible. Demandez au signataire un "
                "nouvel exemplaire signé."
            )
            % {"name": name},
            code="signature_unreadable",
        ) from None
    broken = [check for check in found if not check.sound]
    if broken:
        raise ValidationError(
            _(
                "« %(name)s » porte une signature numérique brisée (%(signer)s) : le document a "
                "été modifié après la signature, ou la signature ne correspond pas à son "
                "certificat. Il ne peut pas être accepté ; demandez un nouvel exemplaire signé."
            )
            % {"name": name, "signer": ", ".join(check.signer_name for check in broken)},
            code="signature_broken",
        )
    return found


__all__ = [
    "PdfSignatureCheck",
    "pdf_signatures",
    "pdf_signatures_must_be_sound",
]
