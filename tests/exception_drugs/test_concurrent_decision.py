"""Decisions on an exception request. Two agents decide on the same request at once, each on its
own database connection: exactly one decision wins and the other gets the one conflict error
(sel.core.rules); through the page, the agent who lost sees the request as decided, with what they
typed."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from sel.audit.models import AuditEvent
from sel.exception_drugs import services
from sel.exception_drugs.models import ExceptionRequest, Status
from sel.exception_drugs.views import agent as views_agent
from sel.outbox.models import OutboundEmail
from tests.access.test_concurrent_decision import race
from tests.conftest import login
from tests.exception_drugs.conftest import World
from tests.exception_drugs.test_request_flow import make_agent


@pytest.mark.django_db(transaction=True)
def test_an_acceptance_and_a_refusal_at_once_exactly_one_wins(world: World) -> None:
    exception_request = world.request_a
    agent = make_agent()
    emails_before = OutboundEmail.objects.count()
    outcomes = race(
        accept=lambda: services.exception_request_accept(
            exception_request=exception_request,
            agent=agent,
            authorized_from=date(2026, 1, 1),
            authorized_until=date(2026, 12, 31),
        ),
        refuse=lambda: services.exception_request_refuse(
            exception_request=exception_request, agent=agent, reason="Critères non remplis."
        ),
    )
    assert sorted(outcomes) == ["accept", "refuse"]
    assert list(outcomes.values()).count("won") == 1
    winner = "accept" if outcomes["accept"] == "won" else "refuse"
    loser = "refuse" if winner == "accept" else "accept"
    exception_request.refresh_from_db()
    assert exception_request.status == {"accept": Status.ACCEPTED, "refuse": Status.REFUSED}[winner]
    assert outcomes[loser] == exception_request.status
    # The prescriber is told once, of the decision that won.
    assert OutboundEmail.objects.count() == emails_before + 1


def test_the_agent_who_lost_the_race_reads_why_and_keeps_what_they_typed(
    client: Client, world: World
) -> None:
    agent = make_agent()
    login(client, agent)
    # The page was opened while the request was open; meanwhile it is refused (another agent,
    # or this one in another tab).
    services.exception_request_refuse(
        exception_request=world.request_a, agent=agent, reason="Critères non remplis."
    )
    response = client.post(
        f"/medicaments-exception/regie/demandes/{world.request_a.reference}/",
        {"action": "ask", "ask-information": "Joindre le dernier bilan sanguin."},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Un autre agent a déjà traité ce dossier" in page
    assert "Son état est maintenant : refusée" in page
    assert "Joindre le dernier bilan sanguin." in page
    assert ExceptionRequest.objects.get(pk=world.request_a.pk).information_requested == ""


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (
            "accept",
            {"accept-authorized_from": "2026-01-01", "accept-authorized_until": "2026-12-31"},
        ),
        ("refuse", {"refuse-reason": "Critères non remplis."}),
        ("ask", {"ask-information": "Joindre le dernier bilan."}),
    ],
)
def test_each_decision_records_the_audit_action_its_table_names(
    client: Client, world: World, name: str, data: dict[str, str]
) -> None:
    login(client, make_agent())
    url = f"/medicaments-exception/regie/demandes/{world.request_a.reference}/"
    assert client.post(url, {"action": name, **data}).status_code == 302
    action = views_agent.DECISIONS[name].action
    assert AuditEvent.objects.filter(action=action, target_id=str(world.request_a.pk)).exists()
