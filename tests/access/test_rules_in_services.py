"""The seed rules run in the services, not only in the forms (issue #11): each service, called
directly with a bad input, refuses it with ``RuleViolation`` naming the field at fault, and records
nothing. Issue #12 item 8: no field the seed's form lacks is required."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sel.access import services
from sel.access.models import AccessLink, AccessRequest, FormType, FormVersion
from sel.access.rules import AuthorizerSection, SignatureInput, UserSection
from sel.access.services import access_link_issue
from sel.core.rules import RuleViolation
from tests.access.helpers import signature_png
from tests.factories import access_agent

pytestmark = pytest.mark.django_db

SIGNATURE = SignatureInput(signature_png(), "image/png", "drawn")


def version(code: str) -> FormVersion:
    found = FormType.objects.get(code=code).current_version()
    assert found is not None
    return found


def section_2(code: str = "4313", **changes: Any) -> UserSection:
    form_type = FormType.objects.get(code=code)
    section = UserSection(
        online_services=list(form_type.online_services.all()[:1]),
        last_name="Tremblay",
        first_name="Julie",
        sex="F",
        function=form_type.user_functions[0],
        organization_name="Pharmacie du quartier",
        address="123 rue Principale, Québec",
        postal_code="g1k7t3",
        phone="(418) 643-8210",
        email="julie.tremblay@exemple.qc.ca",
        authorizer_email="marc.gagnon@pharmacie.qc.ca",
    )
    if form_type.family == "establishment":
        section = replace(
            section, organization_number="01234", scope="some", establishment_numbers=["11111"]
        )
    if form_type.family == "b2b":
        section = replace(section, credentials="production")
    return replace(section, **changes)


def section_3(code: str = "4313", **changes: Any) -> AuthorizerSection:
    form_type = FormType.objects.get(code=code)
    section = AuthorizerSection(
        auth_last_name="Gagnon",
        auth_first_name="Marc",
        auth_sex="M",
        auth_function=form_type.authorizer_functions[0],
        auth_practice_number="123456" if code == "4313" else "",
        auth_organization_name="Pharmacie du quartier",
        auth_address="123 rue Principale, Québec",
        auth_postal_code="G1K 7T3",
        auth_phone="418 643-8210",
    )
    return replace(section, **changes)


def refused_field(call: Any) -> list[str]:
    before = AccessRequest.objects.count()
    with pytest.raises(RuleViolation) as caught:
        call()
    assert AccessRequest.objects.count() == before
    return caught.value.fields


BAD_USER_SECTIONS = [
    ("4313", {"authorizer_email": "Julie.Tremblay@exemple.qc.ca"}, "authorizer_email"),
    ("4313", {"email": "information@pharmacie.qc.ca"}, "email"),
    ("4313", {"authorizer_email": "info@pharmacie.qc.ca"}, "authorizer_email"),
    ("4313", {"postal_code": "12345"}, "postal_code"),
    ("4313", {"phone": "123"}, "phone"),
    ("4313", {"fax": "0000000000"}, "fax"),
    ("4313", {"phone_ext": "poste 12"}, "phone_ext"),
    ("4313", {"existing_username": "julie"}, "existing_username"),
    ("4313", {"function": "director"}, "function"),
    ("4313", {"last_name": ""}, "last_name"),
    ("4313", {"online_services": []}, "online_services"),
    ("4313", {"organization_number": "12"}, "organization_number"),
    ("etablissements", {"organization_number": ""}, "organization_number"),
    ("etablissements", {"establishment_numbers": []}, "establishment_numbers"),
    ("etablissements", {"scope": "all"}, "establishment_numbers"),
    ("etablissements", {"scope": ""}, "scope"),
    ("4123", {"credentials": ""}, "credentials"),
]


@pytest.mark.parametrize(("code", "changes", "field"), BAD_USER_SECTIONS)
def test_submission_refuses_each_broken_rule_naming_the_field(
    code: str, changes: dict[str, Any], field: str
) -> None:
    section = section_2(code, **changes)
    fields = refused_field(
        lambda: services.access_request_submit(
            form_version=version(code), user_section=section, signature=SIGNATURE
        )
    )
    assert field in fields


def test_submission_refuses_an_application_the_form_does_not_offer() -> None:
    b2b = FormType.objects.get(code="4123").online_services.first()
    section = section_2("4313", online_services=[b2b])
    fields = refused_field(
        lambda: services.access_request_submit(
            form_version=version("4313"), user_section=section, signature=SIGNATURE
        )
    )
    assert fields == ["online_services"]


def test_submission_refuses_the_payment_application_without_the_board_resolution() -> None:
    """Seed 003: « l'utilisateur doit avoir été désigné comme signataire autorisé par une
    résolution du conseil d'administration de l'établissement »."""
    payment = FormType.objects.get(code="etablissements").online_services.get(
        code="online-payment-authorization"
    )
    section = section_2("etablissements", online_services=[payment], function="Directeur")
    fields = refused_field(
        lambda: services.access_request_submit(
            form_version=version("etablissements"), user_section=section, signature=SIGNATURE
        )
    )
    assert fields == ["board_resolution"]


def test_submission_refuses_a_signature_that_is_not_an_image() -> None:
    fields = refused_field(
        lambda: services.access_request_submit(
            form_version=version("4313"),
            user_section=section_2(),
            signature=SignatureInput(b"not an image", "image/png", "drawn"),
        )
    )
    assert fields == ["signature_image"]


def test_submission_refuses_a_retired_form_version() -> None:
    retired = FormVersion.objects.get(form_type__code="4313", number="2015")
    with pytest.raises(ValidationError):
        services.access_request_submit(
            form_version=retired, user_section=section_2(), signature=SIGNATURE
        )
    assert not AccessRequest.objects.exists()


def test_submission_stores_the_section_cleaned_by_the_rules() -> None:
    access_request = services.access_request_submit(
        form_version=version("4313"), user_section=section_2(), signature=SIGNATURE
    )
    assert access_request.user_last_name == "TREMBLAY"
    assert access_request.user_postal_code == "G1K 7T3"
    assert access_request.user_phone == "418 643-8210"


def awaiting_authorizer(code: str = "4313") -> tuple[AccessRequest, str]:
    access_request = services.access_request_submit(
        form_version=version(code), user_section=section_2(code), signature=SIGNATURE
    )
    access_request.status = AccessRequest.Status.AWAITING_AUTHORIZER
    access_request.save(update_fields=["status"])
    token = access_link_issue(
        purpose=AccessLink.Purpose.AUTHORIZER_SIGN,
        email=access_request.auth_email,
        access_request=access_request,
    )
    return access_request, token


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"auth_practice_number": ""}, "auth_practice_number"),
        ({"auth_practice_number": "12AB"}, "auth_practice_number"),
        ({"auth_function": "dsp"}, "auth_function"),
        ({"auth_postal_code": "Q1K 7T3"}, "auth_postal_code"),
        ({"auth_last_name": ""}, "auth_last_name"),
    ],
)
def test_the_authorizer_service_refuses_each_broken_rule_and_the_link_still_works(
    changes: dict[str, Any], field: str
) -> None:
    access_request, token = awaiting_authorizer()
    with pytest.raises(RuleViolation) as caught:
        services.access_request_authorize(
            token=token, authorizer_section=section_3(**changes), signature=SIGNATURE
        )
    assert field in caught.value.fields
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.AWAITING_AUTHORIZER
    assert services.access_link_find(token, AccessLink.Purpose.AUTHORIZER_SIGN) is not None


def test_the_paper_service_refuses_each_section_naming_its_fields() -> None:
    fields = refused_field(
        lambda: services.access_request_record_paper(
            agent=access_agent(),
            form_version=version("4313"),
            received_on=date.today(),
            user_section=section_2(phone="12"),
            authorizer_section=section_3(auth_practice_number=""),
            scan=SimpleUploadedFile("scan.pdf", b"%PDF-1.4", "application/pdf"),
        )
    )
    assert set(fields) == {"phone", "auth_practice_number"}


# --- issue #12, item 8: the seeds' forms, not more ----------------------------------------------


def test_4313_asks_no_pharmacy_number_since_the_seed_form_has_none() -> None:
    """Seed 001, section 2 has « Nom de la pharmacie ou de l'établissement » and no number."""
    access_request = services.access_request_submit(
        form_version=version("4313"),
        user_section=section_2(organization_number=""),
        signature=SIGNATURE,
    )
    assert access_request.organization_number == ""


def test_the_establishment_function_is_free_text_with_the_seed_examples() -> None:
    """Seed 003: « Inscrivez le nom de la fonction que vous assumez (par exemple, secrétaire
    administratif, coordonnateur du projet, directeur ou représentant autorisé d'une grappe de
    services [OPTILAB]) »."""
    access_request = services.access_request_submit(
        form_version=version("etablissements"),
        user_section=section_2("etablissements", function="Chef de service des archives"),
        signature=SIGNATURE,
    )
    assert access_request.user_function == "Chef de service des archives"
    assert access_request.user_function_label == "Chef de service des archives"


def test_a_gmf_physician_authorizes_without_a_practice_number() -> None:
    """Seed 003's section 3 has no practice number (seed 001's has « Numéro de pratique »)."""
    _request, token = awaiting_authorizer("etablissements")
    authorized = services.access_request_authorize(
        token=token,
        authorizer_section=section_3(
            "etablissements", auth_function="gmf_physician_responsible", auth_practice_number=""
        ),
        signature=SIGNATURE,
    )
    assert authorized.status == AccessRequest.Status.SUBMITTED
    assert authorized.auth_practice_number == ""
