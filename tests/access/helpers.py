"""Valid form data, signatures and emailed links for the tests of the access-request forms. A test
that needs a request in some state starts from ``tests.factories.access.AccessRequestFactory``."""

from __future__ import annotations

import base64
import io
import re
from typing import Any

from django.core import mail
from PIL import Image, ImageDraw

from sel.access.models import FormType
from sel.outbox.models import OutboundEmail


def signature_png(*, blank: bool = False) -> bytes:
    image = Image.new("RGB", (300, 100), "white")
    if not blank:
        ImageDraw.Draw(image).line(
            [(20, 70), (80, 20), (150, 80), (280, 30)], fill="black", width=4
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def signature_data_url() -> str:
    return "data:image/png;base64," + base64.b64encode(signature_png()).decode()


def user_section(form_type_code: str = "4313", **overrides: Any) -> dict[str, Any]:
    """POST data for sections 1 and 2 of a form, valid unless overridden."""
    form_type = FormType.objects.get(code=form_type_code)
    data: dict[str, Any] = {
        "online_services": [s.pk for s in form_type.online_services.all()[:1]],
        "last_name": "tremblay",
        "first_name": "julie",
        "sex": "F",
        "function": form_type.user_functions[0],
        "existing_username": "",
        "organization_name": "pharmacie du quartier",
        "organization_number": "01234",
        "address": "123 rue principale, québec",
        "postal_code": "g1k7t3",
        "phone": "(418) 643-8210",
        "phone_ext": "12",
        "fax": "",
        "email": "julie.tremblay@exemple.qc.ca",
        "authorizer_email": "marc.gagnon@pharmacie.qc.ca",
        "commitment": "on",
        "signature_drawn": signature_data_url(),
    }
    if form_type.family == "establishment":
        data.update(scope="some", establishment_numbers="11111\n22222", board_resolution="on")
    if form_type.family == "b2b":
        data.update(credentials="production", organization_name="logiciels santé inc.")
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def authorizer_section(form_type_code: str = "4313", **overrides: Any) -> dict[str, Any]:
    form_type = FormType.objects.get(code=form_type_code)
    data: dict[str, Any] = {
        "auth_last_name": "gagnon",
        "auth_first_name": "marc",
        "auth_sex": "M",
        "auth_function": form_type.authorizer_functions[0],
        "auth_practice_number": "123456",
        "auth_organization_name": "pharmacie du quartier",
        "auth_address": "123 rue principale, québec",
        "auth_postal_code": "G1K 7T3",
        "auth_phone": "418 643-8210",
        "auth_phone_ext": "",
        "auth_fax": "418 646-9251",
        "commitment": "on",
        "signature_drawn": signature_data_url(),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def link_in_email(to: str, path_part: str) -> str:
    """The path of the emailed link sent to ``to`` (the secret part of the outbox row)."""
    for email in OutboundEmail.objects.filter(to=to).order_by("-pk"):
        link = email.secret_context.get("link", "")
        if path_part in link:
            return re.sub(r"^https?://[^/]+", "", link)
    for message in mail.outbox:
        if to in message.to:
            match = re.search(
                r"https?://[^/\s]+(/\S*" + re.escape(path_part) + r"\S*)", message.body
            )
            if match:
                return match.group(1)
    raise AssertionError(f"no link {path_part} emailed to {to}")


def submitted_request(
    code: str = "4313",
    *,
    user_overrides: dict[str, Any] | None = None,
    authorizer_overrides: dict[str, Any] | None = None,
) -> Any:
    """A request filled and signed by its user, its address confirmed, then signed by its
    authorizer: waiting in the queue."""
    from django.test import Client

    from sel.access.models import AccessRequest

    client = Client()
    user_data = user_section(code, **(user_overrides or {}))
    response = client.post(f"/acces/demande/{code}/", user_data)
    assert response.status_code == 302, response.content.decode()[:2000]
    access_request = AccessRequest.objects.latest("pk")
    confirm_user_email(client, access_request.user_email)
    link = link_in_email(access_request.auth_email, "/acces/autoriser/")
    response = client.post(link, authorizer_section(code, **(authorizer_overrides or {})))
    assert response.status_code == 200
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.SUBMITTED
    return access_request


def confirm_user_email(client: Any, to: str) -> None:
    """The user opens the link emailed to their own address and confirms it (the request then
    goes to the authorizer)."""
    link = link_in_email(to, "/acces/verifier-adresse/")
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 200, response.content.decode()[:2000]
