"""A PDF signed with a certificate (seed 003: « une signature numérique (générée grâce à un
certificat numérique produit au moyen d'un outil spécialisé) »), checked offline by pyHanko."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from sel.core.signed_pdf import pdf_signatures, pdf_signatures_must_be_sound
from tests.core.signed_samples import (
    altered_by_update,
    altered_in_place,
    signed,
    signed_form_pdf,
    signer_for,
    unsigned_form_pdf,
)
from tests.core.upload_samples import jpeg_bytes


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection (OCSP, CRL, AIA fetch) fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the signature check tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_a_signed_pdf_shows_its_signer_intact_and_covering_the_whole_file(
    no_network: None,
) -> None:
    [check] = pdf_signatures_must_be_sound(signed_form_pdf("Anh Nguyen"), name="form.pdf")
    assert check.signer_name == "Anh Nguyen"
    assert "Logiciels Inc." in check.signer_subject
    assert check.intact and check.covers_whole_file and check.sound
    assert len(check.fingerprint_sha256) == 64


def test_a_second_signature_added_later_keeps_the_first_sound(no_network: None) -> None:
    twice = signed(signed_form_pdf("Anh Nguyen"), signer_for("Claire Roy"), field="Signature2")
    first, second = pdf_signatures_must_be_sound(twice, name="form.pdf")
    assert (first.signer_name, second.signer_name) == ("Anh Nguyen", "Claire Roy")
    assert not first.covers_whole_file and first.extended_acceptably and first.sound
    assert second.covers_whole_file


@pytest.mark.parametrize("alter", [altered_in_place, altered_by_update])
def test_a_pdf_altered_after_signing_is_refused_naming_the_file_and_signer(
    no_network: None, alter: Any
) -> None:
    with pytest.raises(ValidationError) as refused:
        pdf_signatures_must_be_sound(alter(signed_form_pdf("Anh Nguyen")), name="form.pdf")
    message = refused.value.messages[0]
    assert "« form.pdf » porte une signature numérique brisée (Anh Nguyen)" in message


def test_a_claimed_signature_that_cannot_be_read_is_refused() -> None:
    garbled = unsigned_form_pdf().replace(b"%%EOF", b"/ByteRange [0 1 2 3]\n%%EOF")
    with pytest.raises(ValidationError) as refused:
        pdf_signatures_must_be_sound(garbled, name="form.pdf")
    assert refused.value.code == "signature_unreadable"


def test_unsigned_pdfs_and_images_carry_no_signature() -> None:
    assert pdf_signatures(unsigned_form_pdf()) == []
    assert pdf_signatures(jpeg_bytes()) == []
