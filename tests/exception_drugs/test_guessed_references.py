"""A guessed reference in a URL gets the same not-found as a reference that does not exist, on
every page that takes one (SECURITY.md #29)."""

from __future__ import annotations

import re

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from sel.accounts.models import Role
from sel.exception_drugs.models import Attachment, AttachmentKind
from tests.conftest import login
from tests.exception_drugs.conftest import World
from tests.factories.exception_drugs import DelegationFactory

PAGES = ["", "reponse/", "renouveler/", "consultations/"]


def get_or_post(client: Client, url: str) -> tuple[int, bytes]:
    """Status and body, with the per-render CSRF mask blanked."""
    response = client.post(url, {}) if url.endswith("reponse/") else client.get(url)
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", response.content)
    return response.status_code, body


def forbidden_and_missing(client: Client, reference: str, page: str) -> None:
    """Same status and same body (the path, echoed by the language switch, aside)."""
    status, body = get_or_post(client, f"/medicaments-exception/demandes/{reference}/{page}")
    missing = get_or_post(client, f"/medicaments-exception/demandes/ME26ZZZZZZZZ/{page}")
    assert status == 404
    assert (status, body.replace(reference.encode(), b"ME26ZZZZZZZZ")) == missing


@pytest.mark.parametrize("page", PAGES)
def test_another_prescribers_request_is_not_found_like_a_missing_one(
    client: Client, world: World, page: str
) -> None:
    login(client, world.prescriber_a)
    forbidden_and_missing(client, world.request_b_fax.reference, page)


@pytest.mark.parametrize("page", PAGES)
def test_an_assistant_guessing_another_prescribers_reference_gets_not_found(
    client: Client, world: World, page: str
) -> None:
    login(client, world.assistant_a)
    forbidden_and_missing(client, world.request_b_fax.reference, page)


@pytest.mark.parametrize("page", ["reponse/", "renouveler/", "consultations/"])
def test_an_assistant_may_read_but_not_act_as_the_prescriber(
    client: Client, world: World, page: str
) -> None:
    login(client, world.assistant_a)
    assert (
        client.get(f"/medicaments-exception/demandes/{world.request_a.reference}/").status_code
        == 200
    )
    forbidden_and_missing(client, world.request_a.reference, page)


@pytest.mark.parametrize("page", PAGES)
def test_an_assistant_whose_delegation_ended_gets_not_found(
    client: Client, world: World, page: str
) -> None:
    world.assistant_a.delegations_received.update(ended_at="2026-01-01T00:00:00Z")
    login(client, world.assistant_a)
    forbidden_and_missing(client, world.request_a.reference, page)


@pytest.mark.parametrize("role", [Role.PHARMACIST, Role.PHARMACY_TECHNICIAN, Role.NURSE])
def test_pharmacy_staff_have_no_request_page_by_reference(
    client: Client, world: World, role: str
) -> None:
    login(client, world.granted(role))
    forbidden_and_missing(client, world.request_a.reference, "")


def test_a_non_agent_is_refused_the_agent_pages(client: Client, world: World) -> None:
    login(client, world.prescriber_a)
    for url in [
        "/medicaments-exception/regie/",
        "/medicaments-exception/regie/saisie/",
        f"/medicaments-exception/regie/demandes/{world.request_a.reference}/",
        "/medicaments-exception/regie/consultations/",
        "/medicaments-exception/regie/indicateurs/",
    ]:
        assert client.get(url).status_code == 403, url


def test_a_file_is_served_to_who_may_open_its_request_and_not_found_to_others(
    client: Client, world: World, settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = tmp_path
    attachment = Attachment.objects.create(
        request=world.request_a,
        kind=AttachmentKind.ATTACHMENT,
        file=ContentFile(b"%PDF-1.4 test", name="x.pdf"),
        original_name="ordonnance.pdf",
        content_type="application/pdf",
        size=13,
        uploaded_by=world.prescriber_a,
    )
    url = f"/medicaments-exception/fichiers/{attachment.pk}/"
    login(client, world.assistant_a)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert "attachment" in response["Content-Disposition"]
    for other in (world.prescriber_b, world.pharmacist):
        login(client, other)
        forbidden = get_or_post(client, url)
        missing = get_or_post(client, "/medicaments-exception/fichiers/999999/")
        assert forbidden[0] == 404
        assert (
            forbidden[0],
            forbidden[1].replace(url.encode(), b"/medicaments-exception/fichiers/999999/"),
        ) == missing


def test_a_prescriber_cannot_end_another_prescribers_delegation(
    client: Client, world: World
) -> None:
    delegation = DelegationFactory(prescriber=world.prescriber_b, assistant=world.assistant_a)
    login(client, world.prescriber_a)
    response = client.post(f"/medicaments-exception/delegations/{delegation.pk}/fin/")
    assert response.status_code == 404
    delegation.refresh_from_db()
    assert delegation.ended_at is None
