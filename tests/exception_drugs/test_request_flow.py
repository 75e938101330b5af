"""Submitting, deciding, answering, renewal reminders, and the pages around them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from sel.accounts.models import Role, User
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.core.rules import DecisionConflict
from sel.exception_drugs import services
from sel.exception_drugs.models import Attachment, ExceptionRequest, Status
from sel.exception_drugs.tasks import exception_requests_remind_renewals
from sel.outbox.models import OutboundEmail
from tests.conftest import login
from tests.core.upload_samples import (
    html_page,
    jpeg_bytes,
    pdf_bytes,
    pdf_html_polyglot,
    pdf_without_eof,
    png_bytes,
    png_header_then_junk,
    truncated_png,
)
from tests.exception_drugs.conftest import World
from tests.factories.accounts import UserFactory
from tests.factories.exception_drugs import IndicationFactory

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def make_agent(*perms: str) -> User:
    agent = UserFactory(role=Role.AGENT, is_staff=True, username="CE900111")
    agent.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="exception_drugs",
            codename__in=perms or ("process_exceptionrequest", "search_consultation_audit"),
        )
    )
    return User.objects.get(pk=agent.pk)


def submit(client: Client, world: World, **extra: Any) -> Any:
    data = {
        "nam": world.person.nam,
        "kind": "exception_drug",
        "drug": world.drug.din,
        "indication_code": "",
        "justification": "Échec du méthotrexate.",
        "pharmacy": "",
        **extra,
    }
    return client.post("/medicaments-exception/demandes/nouvelle/", data)


def test_a_prescriber_submits_online_with_a_pdf_stored_under_media_root(
    client: Client, world: World, media: Path
) -> None:
    login(client, world.prescriber_a)
    response = submit(
        client, world, attachments=[SimpleUploadedFile("ordonnance.pdf", PDF, "text/plain")]
    )
    assert response.status_code == 302
    created = ExceptionRequest.objects.exclude(
        pk__in=[world.request_a.pk, world.request_b_fax.pk]
    ).get()
    assert (created.channel, created.status, created.prescriber) == (
        "online",
        Status.IN_PROCESSING,
        world.prescriber_a,
    )
    attachment = Attachment.objects.get(request=created)
    assert attachment.content_type == "application/pdf"
    stored = Path(attachment.file.path)
    assert stored.is_relative_to(media) and stored.read_bytes() == PDF
    assert "ordonnance" not in stored.name
    assert created.history.get().changed_by == world.prescriber_a
    assert AuditEvent.objects.filter(action=Action.EXCEPTION_REQUEST_SUBMITTED).count() == 1


def test_a_file_that_is_not_pdf_png_or_jpeg_is_refused_and_the_form_kept(
    client: Client, world: World, media: Path
) -> None:
    login(client, world.prescriber_a)
    response = submit(
        client,
        world,
        attachments=[SimpleUploadedFile("x.pdf", b"MZ\x90 not a pdf", "application/pdf")],
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "n&#x27;est pas un fichier PDF, PNG ou JPEG" in html
    assert "Échec du méthotrexate." in html
    assert ExceptionRequest.objects.count() == 2


def test_an_unknown_indication_code_and_a_missing_justification_are_explained(
    client: Client, world: World
) -> None:
    login(client, world.prescriber_a)
    html = submit(client, world, indication_code="ZZ999").content.decode()
    assert "Ce code d&#x27;indication n&#x27;est pas reconnu" in html
    html = submit(client, world, justification="").content.decode()
    assert "Indiquez une indication reconnue ou une justification." in html


def test_a_recognised_indication_code_is_enough(client: Client, world: World) -> None:
    indication = IndicationFactory(drug=world.drug)
    login(client, world.prescriber_a)
    assert (
        submit(client, world, indication_code=indication.code.lower(), justification="").status_code
        == 302
    )
    assert ExceptionRequest.objects.filter(indication_id=indication.pk).exists()


def test_a_nam_that_disagrees_with_the_identity_typed_is_refused_on_the_field(
    client: Client, world: World
) -> None:
    login(client, world.prescriber_a)
    html = submit(client, world, last_name="Gagnon").content.decode()
    assert "ne correspondent pas au nom de famille" in html


@pytest.mark.parametrize("role", [Role.PHARMACIST, Role.ADMIN_ASSISTANT])
def test_only_prescribers_submit(client: Client, world: World, role: str) -> None:
    login(client, world.granted(role))
    assert submit(client, world).status_code == 404


def test_the_whole_cycle_ask_answer_accept_with_history_and_emails_without_health_data(
    client: Client, world: World
) -> None:
    agent = make_agent()
    exception_request = world.request_a
    login(client, agent)
    url = f"/medicaments-exception/regie/demandes/{exception_request.reference}/"
    response = client.post(url, {"action": "ask", "ask-information": "Dernier bilan sanguin."})
    assert response.status_code == 302
    exception_request.refresh_from_db()
    assert exception_request.status == Status.AWAITING_INFORMATION

    login(client, world.prescriber_a)
    detail = client.get(f"/medicaments-exception/demandes/{exception_request.reference}/")
    assert "Dernier bilan sanguin." in detail.content.decode()
    response = client.post(
        f"/medicaments-exception/demandes/{exception_request.reference}/reponse/",
        {"answer": "Bilan joint : normal."},
    )
    assert response.status_code == 302
    exception_request.refresh_from_db()
    assert exception_request.status == Status.IN_PROCESSING

    login(client, agent)
    response = client.post(
        url,
        {
            "action": "accept",
            "accept-authorized_from": "2026-01-01",
            "accept-authorized_until": "2026-12-31",
        },
    )
    assert response.status_code == 302
    exception_request.refresh_from_db()
    assert exception_request.status == Status.ACCEPTED
    assert exception_request.authorized_until == date(2026, 12, 31)
    steps = [(c.to_status, c.changed_by) for c in exception_request.history.all()]
    assert steps[1:] == [
        (Status.AWAITING_INFORMATION, agent),
        (Status.IN_PROCESSING, world.prescriber_a),
        (Status.ACCEPTED, agent),
    ]
    emails = OutboundEmail.objects.filter(to=world.prescriber_a.email)
    assert emails.count() == 2  # asked, accepted
    for email in emails:
        flat = str(email.context)
        assert world.person.nam not in flat and world.drug.name not in flat
        assert world.drug.din not in flat
        assert exception_request.reference in flat

    login(client, world.assistant_a)
    html = client.post("/medicaments-exception/", {"nam": world.person.nam, "drug": world.drug.din})
    text = html.content.decode()
    assert "acceptée" in text and "du 2026-01-01 au 2026-12-31" in text


def test_an_agent_refuses_with_a_reason_and_a_decided_request_cannot_be_decided_again(
    world: World,
) -> None:
    agent = make_agent()
    services.exception_request_refuse(
        exception_request=world.request_a, agent=agent, reason="Critères non remplis."
    )
    world.request_a.refresh_from_db()
    assert (world.request_a.status, world.request_a.refusal_reason) == (
        Status.REFUSED,
        "Critères non remplis.",
    )
    assert world.request_a.decided_at is not None
    with pytest.raises(DecisionConflict):
        services.exception_request_accept(
            exception_request=world.request_a,
            agent=agent,
            authorized_from=date(2026, 1, 1),
            authorized_until=date(2026, 2, 1),
        )


def test_an_agent_records_a_fax_request_with_its_scan(
    client: Client, world: World, media: Path
) -> None:
    login(client, make_agent())
    response = client.post(
        "/medicaments-exception/regie/saisie/",
        {
            "channel": "fax",
            "received_on": "2026-11-01",
            "prescriber_username": world.prescriber_b.username,
            "nam": world.person.nam,
            "kind": "exceptional_patient",
            "drug": world.drug.din,
            "justification": "Patient d'exception : intolérance documentée.",
            "scan": SimpleUploadedFile("fax.png", png_bytes(), "image/png"),
        },
    )
    assert response.status_code == 302
    recorded = ExceptionRequest.objects.get(channel="fax", kind="exceptional_patient")
    scan = recorded.attachments.get()
    assert (scan.kind, scan.content_type) == ("scan", "image/png")
    assert Path(scan.file.path).suffix == ".png" and "fax" not in Path(scan.file.path).name
    assert recorded.received_at.date() == date(2026, 11, 1)


def fax_data(world: World, scan: Any) -> dict[str, Any]:
    return {
        "channel": "fax",
        "received_on": "2026-11-01",
        "prescriber_username": world.prescriber_b.username,
        "nam": world.person.nam,
        "kind": "exceptional_patient",
        "drug": world.drug.din,
        "justification": "Patient d'exception : intolérance documentée.",
        "scan": scan,
    }


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\xff\xd8\xff\xe0" + b"\x00" * 200, "est une image JPEG endommagée ou incomplète"),
        (b"\x89PNG\r\n\x1a\n....", "est une image PNG endommagée ou incomplète"),
        (b"<svg><script>alert(1)</script></svg>", "n&#x27;est pas un fichier PDF, PNG ou JPEG"),
    ],
)
def test_a_damaged_or_disguised_fax_scan_is_refused_and_nothing_recorded(
    client: Client, world: World, media: Path, content: bytes, says: str
) -> None:
    login(client, make_agent())
    response = client.post(
        "/medicaments-exception/regie/saisie/",
        fax_data(world, SimpleUploadedFile("fax.jpg", content, "image/jpeg")),
    )
    assert response.status_code == 400
    assert f"« fax.jpg » {says}" in response.content.decode()
    assert not ExceptionRequest.objects.filter(kind="exceptional_patient").exists()
    assert not list(media.rglob("*.*"))


@pytest.mark.parametrize(
    ("make", "name", "says"),
    [
        (truncated_png, "radio.png", "est une image PNG endommagée ou incomplète"),
        (png_header_then_junk, "radio.png", "est une image PNG endommagée ou incomplète"),
        (html_page, "radio.png", "n&#x27;est pas un fichier PDF, PNG ou JPEG"),
        (pdf_without_eof, "note.pdf", "commence comme un PDF mais sa fin manque"),
        (pdf_html_polyglot, "note.pdf", "n&#x27;est pas un PDF valide"),
    ],
)
def test_an_attachment_that_is_not_a_whole_pdf_png_or_jpeg_is_refused_on_the_submit_page(
    client: Client, world: World, media: Path, make: Callable[[], bytes], name: str, says: str
) -> None:
    login(client, world.prescriber_a)
    good = SimpleUploadedFile("ordonnance.pdf", pdf_bytes(), "application/pdf")
    response = submit(client, world, attachments=[good, SimpleUploadedFile(name, make())])
    html = response.content.decode()
    assert response.status_code == 400
    assert f"« {name} »" in html and says in html
    assert "Échec du méthotrexate." in html
    assert ExceptionRequest.objects.count() == 2 and not Attachment.objects.exists()


def test_an_attachment_is_served_with_its_checked_type_under_a_safe_name(
    client: Client, world: World, media: Path
) -> None:
    login(client, world.prescriber_a)
    photo = jpeg_bytes()
    upload = SimpleUploadedFile("radio<script>.html", photo, "text/html")
    assert submit(client, world, attachments=[upload]).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/jpeg"
    response = client.get(f"/medicaments-exception/fichiers/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == 'attachment; filename="radio_script.jpg"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == photo


def test_the_renewal_reminder_goes_30_days_before_the_end_once_to_prescriber_and_assistants(
    world: World,
) -> None:
    end = timezone.localdate() + timedelta(days=30)
    ExceptionRequest.objects.filter(pk=world.request_a.pk).update(
        status=Status.ACCEPTED, authorized_from=end - timedelta(days=300), authorized_until=end
    )
    ExceptionRequest.objects.filter(pk=world.request_b_fax.pk).update(
        status=Status.ACCEPTED, authorized_until=end + timedelta(days=10)
    )
    assert exception_requests_remind_renewals() == 1
    assert exception_requests_remind_renewals() == 0
    recipients = set(
        OutboundEmail.objects.filter(template="exception_drugs/renewal_reminder").values_list(
            "to", flat=True
        )
    )
    assert recipients == {world.prescriber_a.email, world.assistant_a.email}


def test_the_renewal_form_is_pre_filled_from_the_previous_request(
    client: Client, world: World
) -> None:
    login(client, world.prescriber_a)
    html = client.get(
        f"/medicaments-exception/demandes/{world.request_a.reference}/renouveler/"
    ).content.decode()
    assert f'value="{world.person.nam}"' in html
    assert f'value="{world.drug.din}"' in html
    assert "Échec de deux traitements" in html


def test_a_prescriber_sees_who_consulted_their_request(client: Client, world: World) -> None:
    services.exception_requests_consult(
        user=world.pharmacist, nam=world.person.nam, drug=world.drug
    )
    login(client, world.prescriber_a)
    html = client.get(
        f"/medicaments-exception/demandes/{world.request_a.reference}/consultations/"
    ).content.decode()
    assert world.pharmacist.get_full_name() in html


def test_staff_search_the_consultation_trail_by_nam_with_a_post(
    client: Client, world: World
) -> None:
    services.exception_requests_consult(
        user=world.technician, nam=world.person.nam, drug=world.drug
    )
    login(client, make_agent())
    html = client.post(
        "/medicaments-exception/regie/consultations/", {"nam": world.person.nam}
    ).content.decode()
    assert world.technician.username in html
    assert AuditEvent.objects.filter(
        action=Action.EXCEPTION_AUDIT_SEARCHED, subject_key=world.person.nam
    ).exists()


def test_an_agent_without_the_audit_permission_cannot_search_it(
    client: Client, world: World
) -> None:
    login(client, make_agent("process_exceptionrequest"))
    assert client.get("/medicaments-exception/regie/consultations/").status_code == 403


def test_the_indicators_show_queue_ageing_and_time_to_decision(
    client: Client, world: World
) -> None:
    agent = make_agent()
    services.exception_request_refuse(exception_request=world.request_a, agent=agent, reason="Non.")
    login(client, agent)
    html = client.get("/medicaments-exception/regie/indicateurs/").content.decode()
    assert world.drug.din in html
    assert "0–7" in html


def test_a_prescriber_delegates_and_ends_the_delegation(client: Client, world: World) -> None:
    assistant = world.granted(Role.ADMIN_ASSISTANT)
    login(client, world.prescriber_a)
    response = client.post(
        "/medicaments-exception/delegations/", {"assistant_username": assistant.username}
    )
    assert response.status_code == 302
    delegation = assistant.delegations_received.get()
    assert delegation.is_in_force()
    client.post(f"/medicaments-exception/delegations/{delegation.pk}/fin/")
    delegation.refresh_from_db()
    assert not delegation.is_in_force()
    assert AuditEvent.objects.filter(action=Action.DELEGATION_ENDED).count() == 1


def test_a_delegation_to_a_non_assistant_is_refused(client: Client, world: World) -> None:
    login(client, world.prescriber_a)
    response = client.post(
        "/medicaments-exception/delegations/", {"assistant_username": world.pharmacist.username}
    )
    assert response.status_code == 400
    assert "n&#x27;est pas celui d&#x27;un adjoint administratif" in response.content.decode()


def test_a_file_over_10_mb_is_refused(client: Client, world: World, media: Path) -> None:
    login(client, world.prescriber_a)
    big = SimpleUploadedFile("gros.pdf", PDF + b"0" * (10 * 1024 * 1024), "application/pdf")
    response = submit(client, world, attachments=[big])
    assert response.status_code == 400
    assert "« gros.pdf » pèse 10,0\xa0Mio ; un fichier ne peut dépasser 10,0\xa0Mio" in (
        response.content.decode()
    )


def test_each_request_shows_how_long_it_stayed_in_each_status(client: Client, world: World) -> None:
    ExceptionRequest.objects.filter(pk=world.request_a.pk).update(
        received_at=timezone.now() - timedelta(days=3)
    )
    world.request_a.history.update(changed_at=timezone.now() - timedelta(days=3, hours=2))
    login(client, world.prescriber_a)
    html = client.get(
        f"/medicaments-exception/demandes/{world.request_a.reference}/"
    ).content.decode()
    assert "Temps dans chaque état" in html
    assert "en traitement : 3 j 2 h" in html


def test_the_status_email_links_to_the_configured_site_not_the_request_host(
    client: Client, world: World, settings: Any
) -> None:
    settings.SITE_BASE_URL = "https://sel.exemple.qc.ca"
    login(client, make_agent())
    client.post(
        f"/medicaments-exception/regie/demandes/{world.request_a.reference}/",
        {"action": "refuse", "refuse-reason": "Non conforme."},
        HTTP_HOST="localhost",
    )
    email = OutboundEmail.objects.get(template="exception_drugs/request_changed")
    assert email.context["url"].startswith("https://sel.exemple.qc.ca/medicaments-exception/")
