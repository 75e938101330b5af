"""Each rule of the seeds, one function each (sel.access.rules), with its message."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from sel.access import rules
from sel.access.models import FormType, FormVersion, RefusedMailboxLocalPart
from tests.access.helpers import signature_png

pytestmark = pytest.mark.django_db


def test_names_are_stored_in_capitals_with_extra_spaces_removed() -> None:
    assert rules.names_in_capitals("  julie   d'arcy-tremblay ") == "JULIE D'ARCY-TREMBLAY"
    assert rules.names_in_capitals("hélène") == "HÉLÈNE"


def test_user_and_authorizer_emails_must_differ_whatever_the_case() -> None:
    with pytest.raises(ValidationError) as error:
        rules.emails_must_differ("Julie@Exemple.qc.ca", "julie@exemple.qc.ca ")
    assert "différente" in error.value.messages[0]
    rules.emails_must_differ("julie@exemple.qc.ca", "julie.pro@clinique.qc.ca")


def test_the_refused_shared_mailboxes_are_data_with_at_least_twenty_french_and_english_ones() -> (
    None
):
    local_parts = set(RefusedMailboxLocalPart.objects.values_list("local_part", flat=True))
    assert len(local_parts) >= 20
    assert {
        "information",
        "info",
        "accueil",
        "reception",
        "admin",
        "support",
        "secretariat",
    } <= local_parts


@pytest.mark.parametrize(
    "address",
    [
        "information@xx.com",
        "INFO@pharmacie.ca",
        "accueil@clinique.qc.ca",
        "service.client@x.ca",
        "support+sel@x.ca",
        "no-reply@x.ca",
        "Secretariat@cisss.qc.ca",
    ],
)
def test_shared_mailboxes_are_refused(address: str) -> None:
    with pytest.raises(ValidationError) as error:
        rules.mailbox_must_be_personal(address)
    assert "partagée" in error.value.messages[0]


def test_a_personal_address_is_accepted_and_the_list_is_editable() -> None:
    rules.mailbox_must_be_personal("jacques.untel@xx.com")
    RefusedMailboxLocalPart.objects.create(local_part="jacques.untel")
    with pytest.raises(ValidationError):
        rules.mailbox_must_be_personal("jacques.untel@xx.com")


@pytest.mark.parametrize(
    ("raw", "clean"), [("g1k7t3", "G1K 7T3"), ("H2X 1Y4", "H2X 1Y4"), (" j8p 3k2 ", "J8P 3K2")]
)
def test_canadian_postal_codes_are_normalised(raw: str, clean: str) -> None:
    assert rules.canadian_postal_code(raw) == clean


@pytest.mark.parametrize("raw", ["12345", "G1K7T", "D1K 7T3", "W1K 7T3", "G1O 7T3", "90210"])
def test_invalid_postal_codes_are_refused(raw: str) -> None:
    with pytest.raises(ValidationError):
        rules.canadian_postal_code(raw)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("4186438210", "418 643-8210"),
        ("(514) 873-3480", "514 873-3480"),
        ("1 800 463-4776", "800 463-4776"),
    ],
)
def test_north_american_phone_numbers_are_normalised(raw: str, clean: str) -> None:
    assert rules.north_american_phone(raw) == clean


@pytest.mark.parametrize(
    "raw", ["643-8210", "018 643-8210", "418 143-8210", "44 20 7946 0958", "418643821099"]
)
def test_other_phone_numbers_are_refused(raw: str) -> None:
    with pytest.raises(ValidationError):
        rules.north_american_phone(raw)


def test_extension_practice_and_establishment_numbers_have_their_formats() -> None:
    assert rules.phone_extension("1234") == "1234"
    assert rules.practice_number_format("123-456") == "123456"
    assert rules.establishment_number_format("01 234") == "01234"
    for check, bad in (
        (rules.phone_extension, "12a"),
        (rules.practice_number_format, "12345"),
        (rules.establishment_number_format, "123456"),
        (rules.existing_username_format, "XY1234"),
    ):
        with pytest.raises(ValidationError):
            check(bad)
    assert rules.existing_username_format("ce123456") == "CE123456"


def test_a_retired_form_version_is_refused_naming_the_current_one() -> None:
    old = FormVersion.objects.get(form_type__code="4058", number="2019")
    with pytest.raises(ValidationError) as error:
        rules.form_version_must_be_current(old, received_on=date(2022, 3, 31))
    message = error.value.messages[0]
    assert "2019" in message and "2022-03-30" in message and "2022" in message
    rules.form_version_must_be_current(old, received_on=date(2022, 3, 30))
    current = FormVersion.objects.get(form_type__code="4058", number="2022")
    rules.form_version_must_be_current(current, received_on=date(2026, 1, 1))


def test_each_form_type_lists_the_functions_of_its_users_and_authorizers() -> None:
    form_4313 = FormType.objects.get(code="4313")
    rules.user_function_allowed(form_4313, "pharmacy_technician")
    rules.authorizer_function_allowed(form_4313, "pharmacist_owner")
    with pytest.raises(ValidationError):
        rules.user_function_allowed(form_4313, "vendor_it_lead")
    with pytest.raises(ValidationError):
        rules.authorizer_function_allowed(form_4313, "dsp")
    establishments = FormType.objects.get(code="etablissements")
    for function in (
        "dsp",
        "dg",
        "optilab_representative",
        "gmf_physician_responsible",
        "gmf_physician_coresponsible",
    ):
        rules.authorizer_function_allowed(establishments, function)
    assert set(establishments.online_services.values_list("code", flat=True)) == {
        "online-payment-authorization",
        "authorizer-professional-association",
    }


def test_a_health_professional_who_authorizes_gives_a_practice_number() -> None:
    with pytest.raises(ValidationError):
        rules.authorizer_practice_number_required("health_professional", "")
    rules.authorizer_practice_number_required("health_professional", "123456")
    rules.authorizer_practice_number_required("dg", "")


def test_establishment_scope_some_needs_numbers_all_and_optilab_take_none() -> None:
    assert rules.establishment_scope_numbers("some", ["11111", " 22222", "11111", ""]) == [
        "11111",
        "22222",
    ]
    with pytest.raises(ValidationError):
        rules.establishment_scope_numbers("some", [""])
    with pytest.raises(ValidationError):
        rules.establishment_scope_numbers("all", ["11111"])
    with pytest.raises(ValidationError):
        rules.establishment_scope_numbers("optilab", ["11111"])
    assert rules.establishment_scope_numbers("all", []) == []


def test_online_payment_authorization_needs_a_board_resolution_except_for_optilab_and_gmf() -> None:
    with pytest.raises(ValidationError):
        rules.board_resolution_signatory(["online-payment-authorization"], "director", False)
    rules.board_resolution_signatory(["online-payment-authorization"], "director", True)
    rules.board_resolution_signatory(
        ["online-payment-authorization"], "optilab_representative", False
    )
    rules.board_resolution_signatory(["online-payment-authorization"], "gmf_representative", False)
    rules.board_resolution_signatory(["authorizer-professional-association"], "director", False)


def test_a_signature_must_be_a_non_blank_png_or_jpeg_of_limited_size() -> None:
    _data, content_type = rules.signature_image_verified(signature_png())
    assert content_type == "image/png"
    for bad in (
        b"",
        b"GIF89a not an image",
        signature_png(blank=True),
        b"\x89PNG" + b"0" * 400_000,
    ):
        with pytest.raises(ValidationError):
            rules.signature_image_verified(bad)
