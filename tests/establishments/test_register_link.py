"""An entry of the register made before entries named their access request (``access_request``
empty): an agent links it to the accepted request that designated the signatory, under the
register's own rule (``signatory_designated_by_access_request``), in one audited change; a
refusal says why, in French or English, and keeps what was typed."""

from __future__ import annotations

from html import unescape
from typing import Any

import pytest
from django.urls import reverse

from sel.access.models import AccessRequest, OnlineService, ServiceCode
from sel.accounts.models import User
from sel.audit.models import AuditEvent
from sel.establishments.models import Signatory
from tests.conftest import login
from tests.factories.access import AccessRequestFactory
from tests.factories.accounts import AgentFactory, UserFactory
from tests.factories.establishments import (
    EstablishmentWorld,
    establishment_grant,
    establishments_agent,
)


def _designated(user: User, *, number: str = "11045", code: str = "") -> str:
    """The reference of an accepted establishments' request naming ``user``."""
    grant = establishment_grant(
        user, code or ServiceCode.ONLINE_PAYMENT_AUTHORIZATION, number=number
    )
    return str(grant.access_request.reference)


@pytest.fixture
def person(world: EstablishmentWorld) -> User:
    return User.objects.get(pk=UserFactory(username="CE700001", role="establishment_staff").pk)


@pytest.fixture
def unlinked(world: EstablishmentWorld, person: User) -> Signatory:
    """An entry recorded before the link existed (as migration 0002 left those it could not
    match)."""
    return Signatory.objects.create(
        user=person,
        establishment=world.cisss,
        function="dsp",
        resolution_number="CA-2019-007",
        recorded_by=AgentFactory(),
    )


def _url(signatory: Signatory) -> str:
    return reverse("establishments:agent_signatory_link", args=[signatory.pk])


def _post(client: Any, signatory: Signatory, reference: str, **headers: str) -> Any:
    return client.post(_url(signatory), {"access_request_reference": reference}, **headers)


def _refused(response: Any, signatory: Signatory, typed: str) -> str:
    """The refusal's page text, having checked what every refusal must show and leave."""
    assert response.status_code == 400
    body = unescape(response.content.decode())
    assert f'value="{typed}"' in body
    signatory.refresh_from_db()
    assert signatory.access_request is None
    assert not AuditEvent.objects.filter(action="signatory.linked").exists()
    return body


def test_an_agent_links_an_old_entry_from_the_establishment_page(
    client: Any, world: EstablishmentWorld, person: User, unlinked: Signatory
) -> None:
    reference = _designated(person)
    login(client, establishments_agent())
    establishment = client.get(reverse("establishments:agent_establishment", args=["11045"]))
    assert _url(unlinked) in establishment.content.decode()
    # The register's page lists the entries still to link, too.
    assert (
        _url(unlinked) in client.get(reverse("establishments:agent_signatory_new")).content.decode()
    )

    page = client.get(_url(unlinked)).content.decode()
    assert f"?reference={reference}" in page  # the accepted requests naming this person
    chosen = client.get(_url(unlinked), {"reference": reference}).content.decode()
    assert f'value="{reference}"' in chosen

    response = _post(client, unlinked, f"  {reference.lower()} ")
    assert response.status_code == 302
    assert response["Location"] == reverse("establishments:agent_establishment", args=["11045"])
    unlinked.refresh_from_db()
    assert unlinked.access_request == AccessRequest.objects.get(reference=reference)
    (event,) = AuditEvent.objects.filter(action="signatory.linked")
    assert event.details["access_request"] == reference
    assert event.details["establishment"] == "11045"
    shown = client.get(reverse("establishments:agent_establishment", args=["11045"]))
    text = shown.content.decode()
    assert reference in text and _url(unlinked) not in text
    assert (
        _url(unlinked)
        not in client.get(reverse("establishments:agent_signatory_new")).content.decode()
    )


def test_an_empty_reference_is_refused(
    client: Any, world: EstablishmentWorld, unlinked: Signatory
) -> None:
    login(client, establishments_agent())
    response = _post(client, unlinked, "   ")
    assert response.status_code == 400
    assert "Ce champ est obligatoire" in unescape(response.content.decode())
    unlinked.refresh_from_db()
    assert unlinked.access_request is None


def test_a_reference_that_names_no_request_is_refused_and_kept(
    client: Any, world: EstablishmentWorld, unlinked: Signatory
) -> None:
    login(client, establishments_agent())
    body = _refused(_post(client, unlinked, "DA2026-999999"), unlinked, "DA2026-999999")
    assert "Aucune demande d'accès des établissements ne porte le numéro DA2026-999999" in body


def test_another_persons_request_is_refused(
    client: Any, world: EstablishmentWorld, unlinked: Signatory
) -> None:
    reference = _designated(UserFactory(role="establishment_staff"))
    login(client, establishments_agent())
    body = _refused(_post(client, unlinked, reference), unlinked, reference)
    assert f"La demande d'accès {reference} ne désigne pas cette personne" in body


def test_a_request_for_another_establishment_is_refused(
    client: Any, world: EstablishmentWorld, person: User, unlinked: Signatory
) -> None:
    reference = _designated(person, number="11046")
    login(client, establishments_agent())
    body = _refused(_post(client, unlinked, reference), unlinked, reference)
    assert "ne vise pas cet établissement" in body


def test_a_request_for_the_association_application_only_is_refused(
    client: Any, world: EstablishmentWorld, person: User, unlinked: Signatory
) -> None:
    reference = _designated(person, code=ServiceCode.AUTHORIZER_PROFESSIONAL_ASSOCIATION)
    login(client, establishments_agent())
    body = _refused(_post(client, unlinked, reference), unlinked, reference)
    assert "ne demande pas l'application « Autorisation des demandes de paiement en ligne »" in body


def test_a_request_not_yet_accepted_is_refused(
    client: Any, world: EstablishmentWorld, person: User, unlinked: Signatory
) -> None:
    waiting = AccessRequestFactory(
        form="etablissements",
        scope="all",
        organization_number="11045",
        account=person,
        online_services=[OnlineService.objects.get(code=ServiceCode.ONLINE_PAYMENT_AUTHORIZATION)],
    )
    login(client, establishments_agent())
    body = _refused(_post(client, unlinked, waiting.reference), unlinked, waiting.reference)
    assert "n'est pas acceptée" in body


def test_in_english_the_refusal_is_in_english(
    client: Any, world: EstablishmentWorld, unlinked: Signatory
) -> None:
    agent = establishments_agent()
    agent.language = "en"
    agent.save()
    login(client, agent)
    response = _post(client, unlinked, "DA2026-999999", HTTP_ACCEPT_LANGUAGE="en")
    body = _refused(response, unlinked, "DA2026-999999")
    assert "No establishments access request has the number DA2026-999999" in body
    assert "Link to this access request" in body


def test_an_entry_already_linked_keeps_its_link(
    client: Any, world: EstablishmentWorld, person: User, unlinked: Signatory
) -> None:
    first = _designated(person)
    second = _designated(person)
    Signatory.objects.filter(pk=unlinked.pk).update(
        access_request=AccessRequest.objects.get(reference=first)
    )
    login(client, establishments_agent())
    page = client.get(_url(unlinked)).content.decode()
    assert "access_request_reference" not in page and first in page
    response = _post(client, unlinked, second)
    assert response.status_code == 400
    assert f"déjà liée à la demande d'accès {first}" in unescape(response.content.decode())
    unlinked.refresh_from_db()
    assert unlinked.access_request is not None
    assert unlinked.access_request.reference == first
    assert not AuditEvent.objects.filter(action="signatory.linked").exists()


def test_only_an_agent_keeping_the_register_may_link(
    client: Any, world: EstablishmentWorld, person: User, unlinked: Signatory
) -> None:
    reference = _designated(person)
    reader = establishments_agent("view_establishment_data")
    login(client, reader)
    establishment = client.get(reverse("establishments:agent_establishment", args=["11045"]))
    assert _url(unlinked) not in establishment.content.decode()
    assert client.get(_url(unlinked)).status_code == 403
    assert _post(client, unlinked, reference).status_code == 403
    for outsider in (person, UserFactory(role="establishment_staff"), UserFactory()):
        login(client, outsider)
        assert _post(client, unlinked, reference).status_code == 403
    client.logout()
    response = _post(client, unlinked, reference)
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]
    unlinked.refresh_from_db()
    assert unlinked.access_request is None


def test_an_unknown_entry_is_a_404(client: Any, world: EstablishmentWorld) -> None:
    login(client, establishments_agent())
    assert (
        client.get(reverse("establishments:agent_signatory_link", args=[98765])).status_code == 404
    )
