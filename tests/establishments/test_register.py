"""The register of authorized signatories, kept by the Régie's agents (seed 003's NOTE)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from sel.audit.models import AuditEvent
from sel.establishments.models import Signatory
from tests.conftest import login
from tests.factories.accounts import UserFactory
from tests.factories.establishments import EstablishmentWorld, establishments_agent

URL = reverse("establishments:agent_signatory_new")


def _post(client: Any, **fields: str) -> Any:
    data = {
        "username": "CE700001",
        "establishment_number": "11045",
        "function": "dsp",
        "resolution_number": "",
        "resolution_date": "",
        "access_request_reference": "DA2026-000123",
    } | fields
    return client.post(URL, data)


def test_an_agent_records_a_signatory_with_the_board_resolution(
    client: Any, world: EstablishmentWorld
) -> None:
    UserFactory(username="CE700001", role="establishment_staff")
    login(client, establishments_agent())
    response = _post(client, resolution_number="CA-2026-041", resolution_date="2026-01-15")
    assert response.status_code == 302
    entry = Signatory.objects.get()
    assert (entry.resolution_number, str(entry.resolution_date)) == ("CA-2026-041", "2026-01-15")
    assert AuditEvent.objects.filter(action="signatory.recorded").count() == 1


def test_without_the_resolution_a_dsp_is_refused_and_what_was_typed_stays(
    client: Any, world: EstablishmentWorld
) -> None:
    UserFactory(username="CE700001", role="establishment_staff")
    login(client, establishments_agent())
    response = _post(client, access_request_reference="DA2026-000999")
    assert response.status_code == 400
    body = response.content.decode()
    assert "numéro de la résolution du conseil d&#x27;administration" in body
    assert 'value="DA2026-000999"' in body
    assert not Signatory.objects.exists()


def test_in_english_the_refusal_is_in_english(client: Any, world: EstablishmentWorld) -> None:
    UserFactory(username="CE700001", role="establishment_staff")
    agent = establishments_agent()
    agent.language = "en"
    agent.save()
    login(client, agent)
    response = client.post(
        URL,
        {"username": "CE700001", "establishment_number": "11045", "function": "dsp"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "board of directors" in response.content.decode()


def test_a_gmf_responsible_physician_is_recorded_without_a_resolution(
    client: Any, world: EstablishmentWorld
) -> None:
    UserFactory(username="IP700002", role="prescriber")
    login(client, establishments_agent())
    response = _post(
        client, username="IP700002", establishment_number="60123", function="gmf_responsible"
    )
    assert response.status_code == 302
    assert Signatory.objects.get().resolution_number == ""


def test_an_agent_without_the_register_permission_gets_403(
    client: Any, world: EstablishmentWorld
) -> None:
    login(client, establishments_agent("view_establishment_data"))
    assert _post(client).status_code == 403


def test_an_establishment_user_cannot_keep_the_register(
    client: Any, world: EstablishmentWorld
) -> None:
    login(client, UserFactory(role="establishment_staff"))
    assert _post(client, resolution_number="X", resolution_date="2026-01-01").status_code == 403
    assert not Signatory.objects.exists()
