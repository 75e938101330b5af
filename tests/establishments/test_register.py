"""The register of authorized signatories, kept by the Régie's agents (seed 003's NOTE) from the
access request that designated each signatory: the reference must name an accepted
establishments' request, naming that person, for the *Autorisation* application and this
establishment; otherwise the form says why and keeps what was typed."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from sel.access.models import AccessRequest, OnlineService, ServiceCode
from sel.accounts.models import User
from sel.audit.models import AuditEvent
from sel.establishments.models import Signatory
from tests.conftest import login
from tests.factories.access import AccessRequestFactory
from tests.factories.accounts import UserFactory
from tests.factories.establishments import (
    EstablishmentWorld,
    establishment_grant,
    establishments_agent,
)

URL = reverse("establishments:agent_signatory_new")


def _designated(
    user: User,
    *,
    number: str = "11045",
    code: str = ServiceCode.ONLINE_PAYMENT_AUTHORIZATION,
) -> str:
    """The reference of an accepted establishments' request naming ``user``."""
    grant = establishment_grant(user, code, number=number)
    return str(grant.access_request.reference)


def _post(client: Any, **fields: str) -> Any:
    data = {
        "username": "CE700001",
        "establishment_number": "11045",
        "function": "dsp",
        "resolution_number": "",
        "resolution_date": "",
        "access_request_reference": "",
    } | fields
    return client.post(URL, data)


def test_an_agent_records_a_signatory_with_the_board_resolution(
    client: Any, world: EstablishmentWorld
) -> None:
    reference = _designated(UserFactory(username="CE700001", role="establishment_staff"))
    login(client, establishments_agent())
    response = _post(
        client,
        resolution_number="CA-2026-041",
        resolution_date="2026-01-15",
        access_request_reference=reference.lower(),
    )
    assert response.status_code == 302
    entry = Signatory.objects.get()
    assert (entry.resolution_number, str(entry.resolution_date)) == ("CA-2026-041", "2026-01-15")
    assert entry.access_request == AccessRequest.objects.get(reference=reference)
    assert AuditEvent.objects.filter(action="signatory.recorded").count() == 1
    page = client.get(reverse("establishments:agent_establishment", args=["11045"]))
    assert reference in page.content.decode()


def test_without_the_resolution_a_dsp_is_refused_and_what_was_typed_stays(
    client: Any, world: EstablishmentWorld
) -> None:
    reference = _designated(UserFactory(username="CE700001", role="establishment_staff"))
    login(client, establishments_agent())
    response = _post(client, access_request_reference=reference)
    assert response.status_code == 400
    body = response.content.decode()
    assert "numéro de la résolution du conseil d&#x27;administration" in body
    assert f'value="{reference}"' in body
    assert not Signatory.objects.exists()


def test_a_reference_that_names_no_request_is_refused_and_kept(
    client: Any, world: EstablishmentWorld
) -> None:
    UserFactory(username="CE700001", role="establishment_staff")
    login(client, establishments_agent())
    response = _post(
        client,
        resolution_number="CA-2026-041",
        resolution_date="2026-01-15",
        access_request_reference="DA2026-999999",
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Aucune demande d&#x27;accès des établissements ne porte le numéro" in body
    assert 'value="DA2026-999999"' in body and 'value="CA-2026-041"' in body
    assert not Signatory.objects.exists()


def test_an_empty_reference_is_refused(client: Any, world: EstablishmentWorld) -> None:
    UserFactory(username="CE700001", role="establishment_staff")
    login(client, establishments_agent())
    response = _post(client, resolution_number="CA-2026-041", resolution_date="2026-01-15")
    assert response.status_code == 400
    assert not Signatory.objects.exists()


def test_another_persons_request_is_refused(client: Any, world: EstablishmentWorld) -> None:
    UserFactory(username="CE700001", role="establishment_staff")
    someone_else = _designated(UserFactory(role="establishment_staff"))
    login(client, establishments_agent())
    response = _post(
        client,
        resolution_number="CA-2026-041",
        resolution_date="2026-01-15",
        access_request_reference=someone_else,
    )
    assert response.status_code == 400
    assert "ne désigne pas cette personne" in response.content.decode()
    assert not Signatory.objects.exists()


def test_a_request_not_yet_accepted_is_refused(client: Any, world: EstablishmentWorld) -> None:
    UserFactory(username="CE700001", role="establishment_staff")
    waiting = AccessRequestFactory(
        form="etablissements",
        scope="all",
        organization_number="11045",
        online_services=[OnlineService.objects.get(code=ServiceCode.ONLINE_PAYMENT_AUTHORIZATION)],
    )
    login(client, establishments_agent())
    response = _post(
        client,
        resolution_number="CA-2026-041",
        resolution_date="2026-01-15",
        access_request_reference=waiting.reference,
    )
    assert response.status_code == 400
    assert "n&#x27;est pas acceptée" in response.content.decode()


def test_a_request_for_the_association_application_only_is_refused(
    client: Any, world: EstablishmentWorld
) -> None:
    user = UserFactory(username="CE700001", role="establishment_staff")
    reference = _designated(user, code=ServiceCode.AUTHORIZER_PROFESSIONAL_ASSOCIATION)
    login(client, establishments_agent())
    response = _post(
        client,
        resolution_number="CA-2026-041",
        resolution_date="2026-01-15",
        access_request_reference=reference,
    )
    assert response.status_code == 400
    assert "ne demande pas l&#x27;application" in response.content.decode()


def test_a_request_for_another_establishment_is_refused(
    client: Any, world: EstablishmentWorld
) -> None:
    reference = _designated(
        UserFactory(username="CE700001", role="establishment_staff"), number="11046"
    )
    login(client, establishments_agent())
    response = _post(
        client,
        resolution_number="CA-2026-041",
        resolution_date="2026-01-15",
        access_request_reference=reference,
    )
    assert response.status_code == 400
    assert "ne vise pas cet établissement" in response.content.decode()


def test_in_english_the_refusal_is_in_english(client: Any, world: EstablishmentWorld) -> None:
    UserFactory(username="CE700001", role="establishment_staff")
    agent = establishments_agent()
    agent.language = "en"
    agent.save()
    login(client, agent)
    response = client.post(
        URL,
        {
            "username": "CE700001",
            "establishment_number": "11045",
            "function": "dsp",
            "access_request_reference": "DA2026-999999",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "board of directors" in body
    assert "No establishments access request has the number DA2026-999999" in body


def test_a_gmf_responsible_physician_is_recorded_without_a_resolution(
    client: Any, world: EstablishmentWorld
) -> None:
    reference = _designated(UserFactory(username="IP700002", role="prescriber"), number="60123")
    login(client, establishments_agent())
    response = _post(
        client,
        username="IP700002",
        establishment_number="60123",
        function="gmf_responsible",
        access_request_reference=reference,
    )
    assert response.status_code == 302
    assert Signatory.objects.get().resolution_number == ""


def test_the_accepted_requests_the_register_lacks_are_listed_and_fill_the_form(
    client: Any, world: EstablishmentWorld
) -> None:
    reference = _designated(UserFactory(username="CE700001", role="establishment_staff"))
    login(client, establishments_agent())
    listed = client.get(URL).content.decode()
    assert reference in listed
    chosen = client.get(URL, {"reference": reference}).content.decode()
    assert 'value="CE700001"' in chosen and f'value="{reference}"' in chosen
    _post(
        client,
        resolution_number="CA-2026-041",
        resolution_date="2026-01-15",
        access_request_reference=reference,
    )
    assert reference not in client.get(URL).content.decode()


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


def test_a_person_already_in_the_register_without_a_link_is_not_listed_again(
    client: Any, world: EstablishmentWorld
) -> None:
    from tests.factories.accounts import AgentFactory

    user = UserFactory(username="CE700001", role="establishment_staff")
    reference = _designated(user)
    Signatory.objects.create(
        user=user, establishment=world.cisss, function="dg", recorded_by=AgentFactory()
    )
    login(client, establishments_agent())
    assert reference not in client.get(URL).content.decode()
