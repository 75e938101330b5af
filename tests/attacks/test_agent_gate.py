"""The one agent gate (``sel.accounts.gates.agent_required``), the same in every agent area:
an anonymous visitor is sent to the login, a professional is refused with 403 and an audit row,
an agent holding the area's permission gets the page (docs/architecture.md, « Gates »)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.establishments.models import Establishment
from tests.conftest import login
from tests.factories import AgentFactory, UserFactory
from tests.factories.establishments import (
    AssociationFactory,
    EstablishmentWorld,
    association_user,
    signatory_with_grant,
)

pytestmark = pytest.mark.django_db


def _an_establishments_association() -> str:
    """The agents' read-only page of an association that exists (a missing one is a 404 that
    the gate would never reach for an agent)."""
    world = EstablishmentWorld.build()
    association = AssociationFactory(
        signatory=signatory_with_grant(world.cisss), installation=world.hospital
    )
    return f"/etablissements/regie/associations/{association.pk}/"


# Each agent area: a page of it (or what builds one, for a page about an object) and its permission.
AREAS: dict[str, tuple[str | Callable[[], str], str]] = {
    "access": ("/acces/regie/", "access.process_accessrequest"),
    "accounts": ("/compte/soutien/", "accounts.support_view_account"),
    "exception_drugs": (
        "/medicaments-exception/regie/",
        "exception_drugs.process_exceptionrequest",
    ),
    "establishments": ("/etablissements/regie/", "establishments.view_establishment_data"),
    "establishments_association": (
        _an_establishments_association,
        "establishments.view_establishment_data",
    ),
    "messaging": ("/messagerie/file/", "messaging.handle_messages"),
    "b2b": ("/services-b2b/regie/", "b2b.view_b2bclient"),
    "b2b_selat": ("/services-b2b/regie/selat/", "b2b.process_aidclaim"),
    "privacy": ("/vie-privee/regie/demandes-assures/", "privacy.answer_insured_person_request"),
}


def _page(area: str) -> tuple[str, str]:
    """The area's URL (its object built when it needs one) and its permission."""
    url, permission = AREAS[area]
    return (url if isinstance(url, str) else url()), permission


def agent_with(permission: str) -> User:
    app_label, codename = permission.split(".")
    agent = AgentFactory(support_permissions=False)
    agent.user_permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )
    return User.objects.get(pk=agent.pk)


@pytest.mark.parametrize("area", sorted(AREAS))
def test_anonymous_visitor_is_sent_to_the_login(client: Client, area: str) -> None:
    url, _permission = _page(area)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/compte/connexion/?next={url}"
    assert not AuditEvent.objects.filter(action=Action.AUTHORIZATION_REFUSED).exists()


@pytest.mark.parametrize("area", sorted(AREAS))
def test_professional_is_refused_with_403_and_an_audit_row(client: Client, area: str) -> None:
    url, permission = _page(area)
    professional = UserFactory()
    login(client, professional)
    assert client.get(url).status_code == 403
    (refusal,) = AuditEvent.objects.filter(action=Action.AUTHORIZATION_REFUSED, actor=professional)
    assert refusal.details["path"] == url
    assert refusal.details["permission"] == permission
    assert refusal.details["reason"] == "not_staff"


@pytest.mark.parametrize("area", sorted(AREAS))
def test_agent_of_another_area_is_refused_with_403_and_an_audit_row(
    client: Client, area: str
) -> None:
    url, permission = _page(area)
    other = next(p for name, (_u, p) in sorted(AREAS.items()) if name != area)
    agent = agent_with(other)
    login(client, agent)
    assert client.get(url).status_code == 403
    (refusal,) = AuditEvent.objects.filter(action=Action.AUTHORIZATION_REFUSED, actor=agent)
    assert (refusal.details["permission"], refusal.details["reason"]) == (permission, "permission")


@pytest.mark.parametrize("area", sorted(AREAS))
def test_agent_with_the_areas_permission_gets_the_page(client: Client, area: str) -> None:
    url, permission = _page(area)
    agent = agent_with(permission)
    login(client, agent)
    assert client.get(url).status_code == 200
    assert not AuditEvent.objects.filter(action=Action.AUTHORIZATION_REFUSED).exists()


@pytest.mark.parametrize("area", sorted(AREAS))
def test_establishment_staff_are_refused_with_403_and_an_audit_row(
    client: Client, area: str
) -> None:
    """The people of an establishment (a signatory, the *Association* user) are not agents:
    their grants open their applications, never the Régie's pages about them."""
    url, permission = _page(area)
    if not Establishment.objects.exists():
        EstablishmentWorld.build()
    cisss = Establishment.objects.get(number="11045")
    for person in (signatory_with_grant(cisss).user, association_user(cisss)):
        login(client, person)
        assert client.get(url).status_code == 403, person
        (refusal,) = AuditEvent.objects.filter(action=Action.AUTHORIZATION_REFUSED, actor=person)
        assert (refusal.details["permission"], refusal.details["reason"]) == (
            permission,
            "not_staff",
        )
