"""Two agents decide on the same request at once, each on its own database connection: exactly
one decision wins, the other sees it (row lock with select_for_update)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import OperationalError, connection

from sel.access import services
from sel.access.models import AccessRequest, Grant
from sel.accounts.models import User
from sel.core.rules import DecisionConflict
from sel.outbox.models import OutboundEmail
from tests.factories.access import AccessRequestFactory, access_agent

pytestmark = pytest.mark.django_db(transaction=True)


def retrying_on_sqlite_table_lock(action: Callable[[], Any]) -> Any:
    """PostgreSQL makes the second transaction wait on the row lock. SQLite's shared in-memory
    test database answers « table is locked » at once instead of waiting: try again, as a second
    agent's click arriving a moment later would."""
    for _ in range(200):
        try:
            return action()
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            time.sleep(0.01)
    raise AssertionError("the table stayed locked")


def race(
    *,
    losing: tuple[type[Exception], ...] = (DecisionConflict,),
    loss: Callable[[Any], Any] = lambda error: error.current.status,
    **decisions: Callable[[], Any],
) -> dict[str, Any]:
    """Each decision on its own thread (its own database connection), released at once: by
    name, "won" or what ``loss`` says of the error of one that lost (one of ``losing``; by
    default the status the winner left, ``DecisionConflict.current``)."""
    barrier = threading.Barrier(len(decisions))
    outcomes: dict[str, Any] = {}

    def run(name: str, decision: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            retrying_on_sqlite_table_lock(decision)
            outcomes[name] = "won"
        except losing as error:
            outcomes[name] = loss(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in decisions.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.parametrize("first", ["refuse", "approve"])
def test_two_concurrent_decisions_on_one_request_exactly_one_wins(first: str) -> None:
    access_request = AccessRequestFactory()
    agents = [access_agent(), access_agent()]
    first_decisions: dict[str, Callable[[], Any]] = {
        "approve": lambda: services.access_request_approve(
            access_request=access_request, agent=agents[0], valid_until=date(2030, 1, 1)
        ),
        "refuse": lambda: services.access_request_refuse(
            access_request=access_request, agent=agents[0], reason="Non admissible"
        ),
    }
    outcomes = race(
        **{
            first: first_decisions[first],
            "return": lambda: services.access_request_return_incomplete(
                access_request=access_request, agent=agents[1], note="Poste manquant"
            ),
        }
    )
    assert sorted(outcomes) == sorted([first, "return"])
    assert list(outcomes.values()).count("won") == 1
    access_request.refresh_from_db()
    loser = "return" if outcomes[first] == "won" else first
    assert outcomes[loser] == access_request.status
    winner_status = {
        "refuse": AccessRequest.Status.REFUSED,
        "approve": AccessRequest.Status.APPROVED,
    }[first]
    assert access_request.status in (winner_status, AccessRequest.Status.INCOMPLETE)
    templates = set(OutboundEmail.objects.values_list("template", flat=True))
    first_template = {
        "refuse": "access/request_refused",
        "approve": "access/password_to_user",
    }[first]
    assert (first_template in templates) != ("access/request_incomplete" in templates)
    approved = access_request.status == AccessRequest.Status.APPROVED
    assert Grant.objects.exists() == approved
    assert User.objects.filter(email=access_request.user_email).exists() == approved
