"""Section 4: the queue by receipt date, refusal, return as incomplete and correction through the
emailed link, paper requests with their scan, and who may do any of it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from sel.access.models import AccessRequest, Signature
from sel.access.views import agent as agent_views
from sel.audit.models import AuditEvent
from sel.outbox.models import OutboundEmail
from tests.access.helpers import authorizer_section, link_in_email, user_section
from tests.conftest import login
from tests.core.upload_samples import (
    html_page,
    image_bytes,
    pdf_bytes,
    pdf_without_eof,
    truncated_png,
)
from tests.factories.access import AccessRequestFactory, access_agent
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent_client(client: Client) -> Client:
    login(client, access_agent())
    return client


def test_only_agents_with_the_permission_reach_the_queue(client: Client) -> None:
    assert client.get("/acces/regie/").status_code == 302
    login(client, UserFactory())
    assert client.get("/acces/regie/").status_code == 403
    from sel.accounts.models import Role

    client.logout()
    login(client, UserFactory(role=Role.AGENT, is_staff=True))
    assert client.get("/acces/regie/").status_code == 403


def test_the_queue_lists_waiting_requests_oldest_receipt_first(agent_client: Client) -> None:
    first = AccessRequestFactory()
    second = AccessRequestFactory(user_email="autre.personne@exemple.qc.ca")
    AccessRequest.objects.filter(pk=second.pk).update(
        received_at=timezone.now() - timedelta(days=3)
    )
    html = agent_client.get("/acces/regie/").content.decode()
    assert html.index(second.reference) < html.index(first.reference)
    detail = agent_client.get(f"/acces/regie/demandes/{first.pk}/").content.decode()
    assert "contenu inchangé depuis la signature" in detail
    assert "TREMBLAY" in detail and "GAGNON" in detail


def test_a_refusal_records_the_reason_and_tells_user_and_authorizer(agent_client: Client) -> None:
    access_request = AccessRequestFactory()
    response = agent_client.post(
        f"/acces/regie/demandes/{access_request.pk}/refuse/", {"reason": "Fonction non admissible"}
    )
    assert response.status_code == 302
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.REFUSED
    assert access_request.decision_note == "Fonction non admissible"
    for to in (access_request.user_email, access_request.auth_email):
        email = OutboundEmail.objects.get(to=to, template="access/request_refused")
        assert email.context["reason"] == "Fonction non admissible"


def test_a_refusal_without_reason_is_sent_back_with_the_message(agent_client: Client) -> None:
    access_request = AccessRequestFactory()
    response = agent_client.post(
        f"/acces/regie/demandes/{access_request.pk}/refuse/", {"reason": ""}
    )
    assert response.status_code == 400
    assert "reason" in response.context["refuse_form"].errors
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.SUBMITTED


def test_a_second_decision_on_a_decided_request_sees_the_first(agent_client: Client) -> None:
    access_request = AccessRequestFactory()
    agent_client.post(f"/acces/regie/demandes/{access_request.pk}/refuse/", {"reason": "Non"})
    response = agent_client.post(
        f"/acces/regie/demandes/{access_request.pk}/return/",
        {"note": "Manque le poste"},
    )
    # The one message, in the agent's language, and what they typed is still on the page.
    assert response.status_code == 409
    page = response.content.decode()
    assert "Un autre agent a déjà traité ce dossier" in page
    assert "Refusée" in page
    assert "Manque le poste" in page
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.REFUSED


def test_an_incomplete_request_is_corrected_through_the_emailed_link_without_retyping(
    agent_client: Client,
) -> None:
    access_request = AccessRequestFactory()
    agent_client.post(
        f"/acces/regie/demandes/{access_request.pk}/return/",
        {"note": "Le numéro de télécopieur manque."},
    )
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.INCOMPLETE
    link = link_in_email(access_request.user_email, "/acces/corriger/")
    public = Client()
    page = public.get(link).content.decode()
    assert "Le numéro de télécopieur manque." in page
    assert 'value="TREMBLAY"' in page and 'value="PHARMACIE DU QUARTIER"' in page
    form = public.get(link).context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, "")}
    data.update(
        fax="418 646-9251", commitment="on", signature_drawn=user_section()["signature_drawn"]
    )
    response = public.post(link, data)
    assert response.status_code == 302, response.context["form"].errors
    access_request.refresh_from_db()
    assert access_request.user_fax == "418 646-9251"
    assert access_request.user_last_name == "TREMBLAY"
    assert access_request.status == AccessRequest.Status.AWAITING_AUTHORIZER
    assert access_request.signatures.filter(superseded=False).count() == 1
    assert public.get(link).status_code == 410
    again = link_in_email(access_request.auth_email, "/acces/autoriser/")
    assert public.post(again, authorizer_section()).status_code == 200
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.SUBMITTED


def paper_data(**overrides: object) -> dict[str, object]:
    from sel.access.models import FormVersion

    version = FormVersion.objects.get(form_type__code="4058", number="2022")
    data: dict[str, object] = {
        "meta-form_version": version.pk,
        "meta-received_on": timezone.localdate().isoformat(),
        "meta-scan": SimpleUploadedFile("scan.pdf", pdf_bytes("4058"), "application/pdf"),
    }
    for name, value in user_section("4058").items():
        if name not in ("signature_drawn", "commitment"):
            data[f"user-{name}"] = value
    for name, value in authorizer_section("4058").items():
        if name not in ("signature_drawn", "commitment", "auth_practice_number"):
            data[f"auth-{name}"] = value
    data.update(overrides)
    return data


def test_an_agent_records_a_paper_request_with_its_scan_and_it_joins_the_queue(
    agent_client: Client, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    response = agent_client.post("/acces/regie/papier/4058/", paper_data())
    assert response.status_code == 302, response.context and [
        f.errors
        for f in (response.context["meta"], response.context["form"], response.context["auth_form"])
    ]
    access_request = AccessRequest.objects.get()
    assert access_request.channel == AccessRequest.Channel.PAPER
    assert access_request.status == AccessRequest.Status.SUBMITTED
    assert access_request.scan.name
    assert set(access_request.signatures.values_list("kind", flat=True)) == {Signature.Kind.PAPER}
    stored = Path(access_request.scan.path)
    assert stored.is_relative_to(tmp_path) and stored.suffix == ".pdf"
    assert "scan" not in stored.name  # a generated name, not the sender's
    scan = agent_client.get(f"/acces/regie/demandes/{access_request.pk}/numerisation/")
    assert b"".join(scan.streaming_content) == pdf_bytes("4058")
    assert scan["Content-Type"] == "application/pdf"
    # The name the file had is kept in the database only, and names the download.
    assert access_request.scan_original_name == "scan.pdf"
    assert scan["Content-Disposition"] == 'attachment; filename="scan.pdf"'
    assert scan["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in scan["Content-Security-Policy"]
    assert access_request.reference in agent_client.get("/acces/regie/").content.decode()


def test_a_paper_request_on_a_retired_version_is_refused_naming_the_current_one(
    agent_client: Client,
) -> None:
    from sel.access.models import FormVersion

    old = FormVersion.objects.get(form_type__code="4058", number="2019")
    response = agent_client.post(
        "/acces/regie/papier/4058/", paper_data(**{"meta-form_version": old.pk})
    )
    assert response.status_code == 200
    message = " ".join(response.context["meta"].errors["form_version"])
    assert "2019" in message and "2022" in message
    assert AccessRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "make", "says"),
    [
        ("scan.pdf", lambda: b"MZ not a scan", "n&#x27;est pas un fichier PDF, PNG ou JPEG"),
        ("scan.png", html_page, "n&#x27;est pas un fichier PDF, PNG ou JPEG"),
        ("scan.tif", lambda: image_bytes("TIFF"), "n&#x27;est pas un fichier PDF, PNG ou JPEG"),
        ("scan.png", truncated_png, "est une image PNG endommagée ou incomplète"),
        ("scan.pdf", pdf_without_eof, "commence comme un PDF mais sa fin manque"),
        (
            "scan.pdf",
            lambda: pdf_bytes() + b" " * (10 * 1024 * 1024),
            "pèse 10,0\xa0Mio ; un fichier ne peut dépasser 10,0\xa0Mio",
        ),
    ],
)
def test_a_paper_request_scan_must_be_a_whole_pdf_png_or_jpeg(
    agent_client: Client, name: str, make: Callable[[], bytes], says: str
) -> None:
    data = paper_data(**{"meta-scan": SimpleUploadedFile(name, make(), "application/pdf")})
    response = agent_client.post("/acces/regie/papier/4058/", data)
    assert response.status_code == 200
    assert f"« {name} » {says}" in response.content.decode()
    assert AccessRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("approve", {"valid_until": "2030-01-01"}),
        ("refuse", {"reason": "Non admissible"}),
        ("refuse", {"directives_broken": ["faxed"]}),
        ("return", {"note": "Le poste manque."}),
    ],
)
def test_each_decision_records_the_audit_action_its_table_names(
    agent_client: Client, name: str, data: dict[str, str]
) -> None:
    access_request = AccessRequestFactory()
    response = agent_client.post(f"/acces/regie/demandes/{access_request.pk}/{name}/", data)
    assert response.status_code == 302
    action = agent_views.DECISIONS[name].action
    assert AuditEvent.objects.filter(action=action, target_id=str(access_request.pk)).exists()
