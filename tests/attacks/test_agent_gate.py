"""The one agent gate (``sel.accounts.gates.agent_required``), the same in every agent area:
an anonymous visitor is sent to the login, a professional is refused with 403 and an audit row,
an agent holding the area's permission gets the page (docs/architecture.md, « Gates »)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from tests.conftest import login
from tests.factories import AgentFactory, UserFactory

pytestmark = pytest.mark.django_db

AREAS = {
    "access": ("/acces/regie/", "access.process_accessrequest"),
    "accounts": ("/compte/soutien/", "accounts.support_view_account"),
    "exception_drugs": (
        "/medicaments-exception/regie/",
        "exception_drugs.process_exceptionrequest",
    ),
    "establishments": ("/etablissements/regie/", "establishments.view_establishment_data"),
    "messaging": ("/messagerie/file/", "messaging.handle_messages"),
    "b2b": ("/services-b2b/regie/", "b2b.view_b2bclient"),
    "b2b_selat": ("/services-b2b/regie/selat/", "b2b.process_aidclaim"),
    "privacy": ("/vie-privee/regie/demandes-assures/", "privacy.answer_insured_person_request"),
}


def agent_with(permission: str) -> User:
    app_label, codename = permission.split(".")
    agent = AgentFactory(support_permissions=False)
    agent.user_permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )
    return User.objects.get(pk=agent.pk)


@pytest.mark.parametrize("area", sorted(AREAS))
def test_anonymous_visitor_is_sent_to_the_login(client: Client, area: str) -> None:
    url, _permission = AREAS[area]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/compte/connexion/?next={url}"
    assert not AuditEvent.objects.filter(action=Action.AUTHORIZATION_REFUSED).exists()


@pytest.mark.parametrize("area", sorted(AREAS))
def test_professional_is_refused_with_403_and_an_audit_row(client: Client, area: str) -> None:
    url, permission = AREAS[area]
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
    url, permission = AREAS[area]
    other = next(p for name, (_u, p) in sorted(AREAS.items()) if name != area)
    agent = agent_with(other)
    login(client, agent)
    assert client.get(url).status_code == 403
    (refusal,) = AuditEvent.objects.filter(action=Action.AUTHORIZATION_REFUSED, actor=agent)
    assert (refusal.details["permission"], refusal.details["reason"]) == (permission, "permission")


@pytest.mark.parametrize("area", sorted(AREAS))
def test_agent_with_the_areas_permission_gets_the_page(client: Client, area: str) -> None:
    url, permission = AREAS[area]
    agent = agent_with(permission)
    login(client, agent)
    assert client.get(url).status_code == 200
    assert not AuditEvent.objects.filter(action=Action.AUTHORIZATION_REFUSED).exists()
