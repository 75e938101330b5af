"""The public status page (reference + email, nothing else) and « Dates de traitement des
demandes » computed from the queue (seed 004)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sel.access.models import AccessRequest
from tests.factories.access import AccessRequestFactory

pytestmark = pytest.mark.django_db


def test_the_status_page_needs_the_reference_and_one_of_the_two_emails(client: Client) -> None:
    access_request = AccessRequestFactory()
    for email in (access_request.user_email, access_request.auth_email.upper()):
        response = client.post(
            "/acces/suivi/", {"reference": access_request.reference.lower(), "email": email}
        )
        html = response.content.decode()
        assert "Reçue, en traitement à la Régie" in html
        assert (
            "PHARMACIE DU QUARTIER" not in html
            and "JULIE" not in html
            and "MARC" not in html[: html.index("id_email")]
        )
    wrong = client.post(
        "/acces/suivi/", {"reference": access_request.reference, "email": "x.y@exemple.qc.ca"}
    )
    unknown = client.post(
        "/acces/suivi/", {"reference": "DA2000-000001", "email": access_request.user_email}
    )
    for response in (wrong, unknown):
        assert "Aucune demande ne correspond" in response.content.decode()
        assert "en traitement" not in response.content.decode()


def test_processing_dates_show_the_oldest_receipt_date_in_the_queue_per_form(
    client: Client,
) -> None:
    html = client.get("/acces/dates-de-traitement/").content.decode()
    assert "Dates de traitement des demandes" in html
    assert "Aucune demande en attente" in html
    first = AccessRequestFactory()
    AccessRequestFactory(user_email="autre.personne@exemple.qc.ca")
    oldest = timezone.make_aware(datetime(2026, 1, 5, 10, 0))
    AccessRequest.objects.filter(pk=first.pk).update(received_at=oldest)
    html = client.get("/acces/dates-de-traitement/").content.decode()
    assert "2026-01-05" in html
    AccessRequest.objects.filter(pk=first.pk).update(status=AccessRequest.Status.REFUSED)
    html = client.get("/acces/dates-de-traitement/").content.decode()
    assert "2026-01-05" not in html
    assert (
        timezone.localdate().isoformat() in html
        or (timezone.localdate() - timedelta(days=1)).isoformat() in html
    )


def test_the_public_pages_exist_in_english(client: Client) -> None:
    client.post("/langue/", {"language": "en", "next": "/"})
    html = client.get("/acces/dates-de-traitement/").content.decode()
    assert "Request processing dates" in html
    html = client.get("/acces/").content.decode()
    assert "Online services access request" in html


def test_status_lookups_are_throttled_per_client_address(client: Client) -> None:
    from django.core.cache import cache

    cache.clear()
    access_request = AccessRequestFactory()
    data = {"reference": "DA2000-000001", "email": "x.y@exemple.qc.ca"}
    for _ in range(20):
        client.post("/acces/suivi/", data)
    good = {"reference": access_request.reference, "email": access_request.user_email}
    html = client.post("/acces/suivi/", good).content.decode()
    assert "Trop de recherches" in html
    assert "en traitement" not in html
    cache.clear()
