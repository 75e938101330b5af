"""Item 16: a refusal on an agent-only page (support centre, access-request processing,
exception-drug processing) left no trace. Each one now writes an audit row with who, which page
and which permission, no secret, and CR/LF from the URL neutralised in the log line
(SECURITY.md #32). Every agent page answers a refused account 403, the exception-drug pages included
(they answered 404 before the one gate policy, docs/architecture.md « Gates »)."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from sel.audit.events import Action
from sel.audit.models import AuditEvent
from tests.conftest import login
from tests.factories.accounts import AgentFactory, UserFactory

pytestmark = pytest.mark.django_db

AGENT_ONLY = {
    "/compte/soutien/": 403,
    "/compte/soutien/compte/1/": 403,
    "/acces/regie/": 403,
    "/acces/regie/acces/": 403,
    "/acces/regie/lettres/": 403,
    "/medicaments-exception/regie/": 403,
    "/medicaments-exception/regie/saisie/": 403,
    "/medicaments-exception/regie/consultations/": 403,
    "/medicaments-exception/regie/indicateurs/": 403,
    "/medicaments-exception/regie/demandes/X-1/": 403,
    "/messagerie/file/": 403,
}


def _refusals(user: object) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=Action.AUTHORIZATION_REFUSED, actor=user))


def test_professional_knocks_on_every_agent_page_and_each_refusal_is_audited(
    client: Client,
) -> None:
    user = UserFactory()
    login(client, user)
    for url, status in AGENT_ONLY.items():
        assert client.get(url).status_code == status, url
    refusals = _refusals(user)
    assert sorted(event.details["path"] for event in refusals) == sorted(AGENT_ONLY)
    assert all(event.details["reason"] == "not_staff" for event in refusals)
    assert all(event.details["permission"] for event in refusals)


def test_agent_without_an_apps_permission_is_refused_with_a_trace(client: Client) -> None:
    agent = AgentFactory()  # support permissions only
    login(client, agent)
    assert client.get("/acces/regie/").status_code == 403
    assert client.get("/medicaments-exception/regie/").status_code == 403
    assert client.post("/compte/soutien/nip/", {}).status_code == 200  # has support_issue_pin
    permissions = {event.details["permission"] for event in _refusals(agent)}
    assert permissions == {
        "access.process_accessrequest",
        "exception_drugs.process_exceptionrequest",
    }


def test_agent_without_a_support_permission_posts_the_action_anyway(client: Client) -> None:
    from django.contrib.auth.models import Permission

    agent = AgentFactory(support_permissions=False)
    agent.user_permissions.add(Permission.objects.get(codename="support_view_account"))
    login(client, agent)
    target = UserFactory()
    response = client.post(
        f"/compte/soutien/compte/{target.pk}/",
        {"action": "disable", "reason": "Appel reçu, identité vérifiée"},
    )
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.is_active
    (refusal,) = _refusals(agent)
    assert refusal.details["permission"] == "accounts.support_disable_account"


def test_attacker_forges_a_log_line_through_a_refused_agent_url(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    login(client, UserFactory())
    with caplog.at_level(logging.INFO, logger="sel.audit"):
        response = client.get("/medicaments-exception/regie/demandes/X%0d%0aforged%20line/")
    assert response.status_code == 403
    assert "authorization.refused" in caplog.text
    assert "\r\nforged" not in caplog.text and "\nforged" not in caplog.text


def test_anonymous_refusals_are_logged_but_fill_no_audit_row(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="sel.audit"):
        assert client.get("/medicaments-exception/regie/")["Location"] == (
            "/compte/connexion/?next=/medicaments-exception/regie/"
        )
        assert client.get("/acces/regie/")["Location"] == "/compte/connexion/?next=/acces/regie/"
    assert "authorization.refused" in caplog.text
    assert not AuditEvent.objects.filter(action=Action.AUTHORIZATION_REFUSED).exists()
