"""Submitting a request without an account: sections 1–2 signed by the user, then section 3
signed by the authorizer from a single-use, expiring emailed link; then the Régie's queue."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from sel.access.models import AccessLink, AccessRequest, FormVersion, Signature
from sel.access.services import content_hash, signature_intact
from sel.outbox.models import OutboundEmail
from tests.access.helpers import (
    authorizer_section,
    confirm_user_email,
    link_in_email,
    signature_png,
    user_section,
)

pytestmark = pytest.mark.django_db

FILL = "/acces/demande/{}/"


def submit(client: Client, code: str = "4313", **overrides: object) -> AccessRequest:
    response = client.post(FILL.format(code), user_section(code, **overrides))
    assert response.status_code == 302, response.content.decode()[:3000]
    return AccessRequest.objects.latest("pk")


def submit_confirmed(client: Client, code: str = "4313", **overrides: object) -> AccessRequest:
    """Submitted, and the user's address confirmed: the authorizer has their link."""
    access_request = submit(client, code, **overrides)
    confirm_user_email(client, access_request.user_email)
    access_request.refresh_from_db()
    return access_request


def test_the_start_page_lists_every_form_type(client: Client) -> None:
    html = client.get("/acces/").content.decode()
    for code in ("4313", "etablissements", "4058", "4123", "4134", "4444"):
        assert f"/acces/demande/{code}/" in html


def test_a_user_fills_and_signs_confirms_their_address_then_the_authorizer_gets_a_link(
    client: Client,
) -> None:
    access_request = submit(client)
    assert access_request.status == AccessRequest.Status.AWAITING_USER_EMAIL
    assert access_request.reference.startswith(f"DA{timezone.localdate():%Y}-")
    assert access_request.user_last_name == "TREMBLAY"
    assert access_request.organization_name == "PHARMACIE DU QUARTIER"
    assert access_request.user_postal_code == "G1K 7T3"
    assert access_request.user_phone == "418 643-8210"
    signature = access_request.signatures.get()
    assert signature.role == Signature.Role.USER and signature.kind == Signature.Kind.DRAWN
    assert signature.signer_address == "127.0.0.1"
    assert signature.content_hash == content_hash(access_request, through=2)
    to_user = OutboundEmail.objects.get(to="julie.tremblay@exemple.qc.ca")
    assert to_user.template == "access/user_email_confirm"
    assert to_user.context["reference"] == access_request.reference
    assert "/acces/verifier-adresse/" in to_user.secret_context["link"]
    assert not OutboundEmail.objects.filter(to="marc.gagnon@pharmacie.qc.ca").exists()
    page = client.get(f"/acces/transmise/{access_request.reference}/").content.decode()
    assert access_request.reference in page
    assert "Vérifiez votre boîte de courriel" in page
    assert "julie.tremblay@exemple.qc.ca" in page

    # Opening the link shows a button; only the button confirms (a mail scanner's GET does not).
    link = link_in_email("julie.tremblay@exemple.qc.ca", "/acces/verifier-adresse/")
    assert client.get(link).status_code == 200
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.AWAITING_USER_EMAIL
    assert Client().post(link).status_code == 200  # from any browser: the link is the proof
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.AWAITING_AUTHORIZER
    to_authorizer = OutboundEmail.objects.get(to="marc.gagnon@pharmacie.qc.ca")
    assert to_authorizer.context["reference"] == access_request.reference
    assert "/acces/autoriser/" in to_authorizer.secret_context["link"]
    assert client.post(link).status_code == 410
    page = client.get(f"/acces/transmise/{access_request.reference}/").content.decode()
    assert "Votre adresse électronique est confirmée" in page
    assert AccessRequest.objects.filter(status=AccessRequest.Status.SUBMITTED).count() == 0


def test_the_authorizer_signs_from_the_link_once_and_the_request_reaches_the_queue(
    client: Client,
) -> None:
    access_request = submit_confirmed(client)
    link = link_in_email("marc.gagnon@pharmacie.qc.ca", "/acces/autoriser/")
    page = client.get(link).content.decode()
    assert "TREMBLAY" in page and "PHARMACIE DU QUARTIER" in page
    response = client.post(link, authorizer_section())
    assert response.status_code == 200
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.SUBMITTED
    assert access_request.received_at is not None
    assert access_request.auth_last_name == "GAGNON"
    assert access_request.auth_practice_number == "123456"
    authorizer = access_request.signatures.get(role=Signature.Role.AUTHORIZER)
    assert signature_intact(authorizer)
    assert client.get(link).status_code == 410
    assert client.post(link, authorizer_section()).status_code == 410


def test_a_later_change_to_the_request_is_detected_by_the_signature_hash(client: Client) -> None:
    access_request = submit(client)
    signature = access_request.signatures.get()
    assert signature_intact(signature)
    AccessRequest.objects.filter(pk=access_request.pk).update(user_email="autre@exemple.qc.ca")
    signature.refresh_from_db()
    assert not signature_intact(signature)


def test_an_expired_authorizer_link_is_refused(client: Client) -> None:
    submit_confirmed(client)
    link = link_in_email("marc.gagnon@pharmacie.qc.ca", "/acces/autoriser/")
    AccessLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(link).status_code == 410
    assert client.post(link, authorizer_section()).status_code == 410
    assert client.get("/acces/autoriser/not-a-token/").status_code == 410


def test_an_uploaded_signature_image_is_accepted_and_a_fake_one_refused(client: Client) -> None:
    data = user_section(signature_drawn="")
    data["signature_image"] = SimpleUploadedFile("signature.png", signature_png(), "image/png")
    assert client.post(FILL.format("4313"), data).status_code == 302
    assert AccessRequest.objects.get().signatures.get().kind == Signature.Kind.IMAGE
    data = user_section(signature_drawn="", email="autre.personne@exemple.qc.ca")
    data["signature_image"] = SimpleUploadedFile("signature.png", b"<script>", "image/png")
    response = client.post(FILL.format("4313"), data)
    assert response.status_code == 200
    assert "PNG ou JPEG" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"authorizer_email": "julie.tremblay@exemple.qc.ca"}, "authorizer_email", "différente"),
        ({"email": "information@pharmacie.qc.ca"}, "email", "partagée"),
        ({"authorizer_email": "accueil@pharmacie.qc.ca"}, "authorizer_email", "partagée"),
        ({"postal_code": "12345"}, "postal_code", "code postal canadien"),
        ({"phone": "643-8210"}, "phone", "10 chiffres"),
        ({"organization_number": "12"}, "organization_number", "5 chiffres"),
        ({"existing_username": "XX12"}, "existing_username", "CE ou IP"),
        ({"function": "dsp"}, "function", ""),
        ({"signature_drawn": ""}, "signature_image", "Signez"),
    ],
)
def test_a_broken_rule_shows_its_message_on_the_field_and_keeps_what_was_typed(
    client: Client, overrides: dict[str, str], field: str, message: str
) -> None:
    response = client.post(FILL.format("4313"), user_section(**overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert 'value="pharmacie du quartier"' in html
    assert 'value="123 rue principale, québec"' in html
    assert AccessRequest.objects.count() == 0


def test_the_drawn_signature_is_kept_when_another_field_is_wrong(client: Client) -> None:
    data = user_section(postal_code="00000")
    response = client.post(FILL.format("4313"), data)
    assert data["signature_drawn"] in response.content.decode()


def test_a_page_of_a_version_retired_since_it_was_opened_is_refused_naming_the_current_one(
    client: Client,
) -> None:
    old = FormVersion.objects.get(form_type__code="4313", number="2017")
    old.valid_until = timezone.localdate() - timedelta(days=1)
    old.save()
    FormVersion.objects.create(
        form_type=old.form_type, number="2026", valid_from=timezone.localdate()
    )
    response = client.post(FILL.format("4313"), user_section(form_version="2017"))
    assert response.status_code == 200
    message = " ".join(response.context["form"].non_field_errors())
    assert "2017" in message and "2026" in message
    assert 'value="pharmacie du quartier"' in response.content.decode()
    assert 'name="form_version" value="2026"' in response.content.decode()
    assert AccessRequest.objects.count() == 0
    assert submit(client, form_version="2026").form_version.number == "2026"


def test_the_establishment_form_checks_scope_section_5_and_board_resolution(client: Client) -> None:
    response = client.post(
        FILL.format("etablissements"), user_section("etablissements", establishment_numbers="")
    )
    assert "establishment_numbers" in response.context["form"].errors
    response = client.post(
        FILL.format("etablissements"),
        user_section("etablissements", scope="all", establishment_numbers="11111"),
    )
    assert "establishment_numbers" in response.context["form"].errors
    payment = (
        response.context["form"]
        .fields["online_services"]
        .queryset.get(code="online-payment-authorization")
    )
    response = client.post(
        FILL.format("etablissements"),
        user_section(
            "etablissements",
            online_services=[payment.pk],
            function="directeur",
            board_resolution="",
        ),
    )
    assert "board_resolution" in response.context["form"].errors
    access_request = submit(
        client,
        "etablissements",
        online_services=[payment.pk],
        # Seed 003: « Cette règle ne s'applique pas au représentant autorisé d'une grappe de
        # services (OPTILAB) », typed in the free-text « Fonction ».
        function="Représentant autorisé d'une grappe de services (OPTILAB)",
        board_resolution="",
        scope="optilab",
        establishment_numbers="",
    )
    assert access_request.scope == "optilab" and access_request.establishment_numbers == []


def test_the_b2b_form_asks_production_or_training_credentials(client: Client) -> None:
    response = client.post(FILL.format("4123"), user_section("4123", credentials=""))
    assert "credentials" in response.context["form"].errors
    access_request = submit(client, "4123", credentials="training")
    assert access_request.credentials == "training"
    assert access_request.user_function == "vendor_it_lead"


def test_the_authorizer_form_checks_function_practice_number_and_signature(client: Client) -> None:
    submit_confirmed(client)
    link = link_in_email("marc.gagnon@pharmacie.qc.ca", "/acces/autoriser/")
    for overrides, field in (
        ({"auth_function": "dsp"}, "auth_function"),
        ({"auth_practice_number": ""}, "auth_practice_number"),
        ({"auth_practice_number": "12"}, "auth_practice_number"),
        ({"auth_postal_code": "ABC"}, "auth_postal_code"),
        (
            {"signature_drawn": "data:image/png;base64," + base64.b64encode(b"x").decode()},
            "signature_image",
        ),
    ):
        response = client.post(link, authorizer_section(**overrides))
        assert field in response.context["form"].errors, field
        assert 'value="gagnon"' in response.content.decode()
    assert AccessRequest.objects.get().status == AccessRequest.Status.AWAITING_AUTHORIZER


def test_the_printable_pdf_is_offered_to_the_signer(client: Client) -> None:
    access_request = submit(client)
    response = client.get(f"/acces/transmise/{access_request.reference}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert Client().get(f"/acces/transmise/{access_request.reference}/pdf/").status_code == 404


def test_a_service_id_too_wide_for_the_database_is_an_invalid_choice_not_a_server_error(
    client: Client,
) -> None:
    """A hand-edited checkbox value wider than any database integer: SQLite raised OverflowError
    on the service lookup (a 500); it is refused as any unknown service, what was typed kept."""
    data = user_section("4313", online_services=["9" * 20])
    response = client.post("/acces/demande/4313/", data, HTTP_ACCEPT_LANGUAGE="fr-CA")
    assert response.status_code == 200  # the form again, with its errors, as for any mistake
    body = response.content.decode()
    assert "Sélectionnez un choix valide" in body and "9" * 20 in body
    assert 'value="julie.tremblay@exemple.qc.ca"' in body.lower()
    assert not AccessRequest.objects.exists()
