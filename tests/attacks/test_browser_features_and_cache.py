"""What a page can leave behind in a browser: personal data in its cache (item 11: anonymous pages
that show personal data send ``Cache-Control: no-store``), and powerful browser features a hostile
script or frame could switch on (every response sends a restrictive ``Permissions-Policy``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sel.access.models import AccessRequest, Grant, OnlineService
from sel.access.tasks import yearly_grant_confirmation
from sel.core.overload import LoadShedder
from sel.messaging.models import Attachment
from tests.access.helpers import (
    authorizer_section,
    link_in_email,
    user_section,
)
from tests.conftest import login
from tests.factories.access import AccessRequestFactory, GrantFactory
from tests.factories.accounts import UserFactory
from tests.messaging.conftest import PDF_BYTES, open_thread, upload

pytestmark = pytest.mark.django_db

# --- Permissions-Policy on every response -------------------------------------------------------

FEATURES_REFUSED = ("camera", "microphone", "geolocation", "payment", "usb")


def html_page(client: Client, settings: Any) -> Any:
    return client.get("/")


def json_health(client: Client, settings: Any) -> Any:
    return client.get("/healthz")


def redirect_to_login(client: Client, settings: Any) -> Any:
    return client.get("/messagerie/")


def https_redirect(client: Client, settings: Any) -> Any:
    settings.SECURE_SSL_REDIRECT = True
    return client.get("/infos/")


def not_found(client: Client, settings: Any) -> Any:
    return client.get("/nexiste-pas/")


def csrf_refused(client: Client, settings: Any) -> Any:
    return Client(enforce_csrf_checks=True).post("/langue/", {"language": "en"})


def server_error(client: Client, settings: Any) -> Any:
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.core.test_pages"  # it adds /boom/, a view that crashes
    return Client(raise_request_exception=False).get("/boom/")


def static_file(client: Client, settings: Any) -> Any:
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    return client.get("/static/css/sel.css")


def attachment_download(client: Client, settings: Any) -> Any:
    author = UserFactory()
    thread = open_thread(author, files=(upload("ordonnance.pdf", PDF_BYTES),))
    attachment = Attachment.objects.get(message__thread=thread)
    login(client, author)
    return client.get(reverse("messaging:attachment", args=[attachment.pk]))


@pytest.mark.parametrize(
    ("make_response", "status"),
    [
        (html_page, 200),
        (json_health, 200),
        (redirect_to_login, 302),
        (https_redirect, 301),
        (not_found, 404),
        (csrf_refused, 403),
        (server_error, 500),
        (static_file, 200),
        (attachment_download, 200),
    ],
)
def test_attacker_script_or_frame_cannot_switch_on_camera_microphone_or_location(
    client: Client, settings: Any, make_response: Callable[[Client, Any], Any], status: int
) -> None:
    response = make_response(client, settings)
    assert response.status_code == status
    policy = dict(
        feature.strip().split("=", 1) for feature in response["Permissions-Policy"].split(",")
    )
    for feature in FEATURES_REFUSED:
        assert policy[feature] == "()", feature


def test_even_the_busy_page_of_an_overloaded_server_switches_the_browser_features_off() -> None:
    import threading

    holding = threading.Event()
    release = threading.Event()

    def slow_app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        holding.set()  # the only slot is taken
        release.wait(5)
        start_response("200 OK", [])
        return [b""]

    shedder = LoadShedder(slow_app, max_concurrent=1, wait_seconds=0)
    busy = threading.Thread(target=shedder, args=({"PATH_INFO": "/"}, lambda *a: None))
    busy.start()
    assert holding.wait(5), "the first request never started"
    headers: dict[str, str] = {}

    def start_response(status: str, header_list: list[tuple[str, str]]) -> None:
        headers.update(header_list, status=status)

    try:
        shedder({"PATH_INFO": "/"}, start_response)
    finally:
        release.set()
        busy.join()
    assert headers["status"].startswith("503")
    assert "camera=()" in headers["Permissions-Policy"]


# --- no-store on anonymous pages that show personal data ----------------------------------------


def _authorizer_link() -> str:
    return AccessRequestFactory(awaiting_authorizer=True).emailed_link


def authorizer_signing_page(client: Client) -> tuple[Any, str]:
    return client.get(_authorizer_link()), "JULIE"


def authorizer_pdf(client: Client) -> tuple[Any, str]:
    return client.get(_authorizer_link() + "pdf/"), "%PDF"


def authorizer_signing_page_after_a_mistake(client: Client) -> tuple[Any, str]:
    link = _authorizer_link()
    return client.post(link, authorizer_section(auth_postal_code="pas un code")), "gagnon"


def correction_page(client: Client) -> tuple[Any, str]:
    access_request = AccessRequestFactory(incomplete=True)
    return client.get(access_request.emailed_link), "TREMBLAY"


def _submitted_reference(client: Client) -> str:
    client.post("/acces/demande/4313/", user_section())
    return AccessRequest.objects.latest("pk").reference


def submitted_page(client: Client) -> tuple[Any, str]:
    """Only the reference, but with the user's email it is what the status page asks for."""
    reference = _submitted_reference(client)
    return client.get(f"/acces/transmise/{reference}/"), reference


def submitted_pdf(client: Client) -> tuple[Any, str]:
    return client.get(f"/acces/transmise/{_submitted_reference(client)}/pdf/"), "%PDF"


def request_form_sent_back_with_an_error(client: Client) -> tuple[Any, str]:
    response = client.post("/acces/demande/4313/", user_section(postal_code="pas un code"))
    return response, "julie.tremblay@exemple.qc.ca"


def status_lookup(client: Client) -> tuple[Any, str]:
    access_request = AccessRequestFactory()
    response = client.post(
        "/acces/suivi/",
        {"reference": access_request.reference, "email": access_request.user_email},
    )
    return response, "en traitement"


def yearly_confirmation_page(client: Client) -> tuple[Any, str]:
    grant = GrantFactory(
        user=UserFactory(email="julie.tremblay@exemple.qc.ca", last_name="TREMBLAY"),
        online_service=OnlineService.objects.get(code="exception-drugs"),
        authorizer_email="marc.gagnon@pharmacie.qc.ca",
        valid_until=timezone.localdate() + timedelta(days=365),
    )
    Grant.objects.filter(pk=grant.pk).update(last_confirmed_at=timezone.now() - timedelta(days=366))
    yearly_grant_confirmation()
    link = link_in_email("marc.gagnon@pharmacie.qc.ca", "/acces/confirmer/")
    return client.get(link), grant.user.username


@pytest.mark.parametrize(
    "open_page",
    [
        authorizer_signing_page,
        authorizer_pdf,
        authorizer_signing_page_after_a_mistake,
        correction_page,
        submitted_page,
        submitted_pdf,
        request_form_sent_back_with_an_error,
        status_lookup,
        yearly_confirmation_page,
    ],
)
def test_next_user_of_a_shared_computer_cannot_read_personal_data_back_from_the_browser_cache(
    client: Client, open_page: Callable[[Client], tuple[Any, str]]
) -> None:
    response, personal = open_page(client)
    assert response.status_code == 200
    assert personal.encode() in response.content
    assert "no-store" in response["Cache-Control"]
