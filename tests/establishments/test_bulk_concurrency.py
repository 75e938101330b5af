"""A bulk authorization and a single refusal of one of its requests at once, each on its own
database connection: one wins whole. Either the batch is authorized and the refusal loses the
race (``DecisionConflict``), or the refusal stands and nothing of the batch is authorized (the
batch's rows are locked and re-read in its transaction)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from sel.core.rules import DecisionConflict, RuleViolation
from sel.establishments.models import PaymentRequest, PaymentRequestStep, Status
from sel.establishments.services import authorization
from tests.access.test_concurrent_decision import race
from tests.factories.establishments import (
    AssociationFactory,
    EstablishmentWorld,
    PaymentRequestFactory,
    signatory_with_grant,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _race(**decisions: Callable[[], Any]) -> dict[str, str]:
    """``race``, a lost decision or a refused rule counted as "lost"."""
    return race(losing=(DecisionConflict, RuleViolation), loss=lambda _error: "lost", **decisions)


@pytest.mark.parametrize("attempt", range(3))
def test_a_bulk_authorization_and_a_refusal_at_once_one_wins_whole(attempt: int) -> None:
    world = EstablishmentWorld.build()
    signatory = signatory_with_grant(world.cisss)
    association = AssociationFactory(signatory=signatory, installation=world.hospital)
    chosen = [PaymentRequestFactory(association=association) for _ in range(3)]
    ids = [r.pk for r in chosen]
    total = sum((r.total for r in chosen), Decimal(0))
    outcomes = _race(
        bulk=lambda: authorization.payment_requests_bulk_authorize(
            signatory=signatory.user, request_ids=ids, confirmed_count=3, confirmed_total=total
        ),
        refuse=lambda: authorization.payment_request_refuse(
            payment_request=chosen[1], signatory=signatory.user, reason="Heures à revoir"
        ),
    )
    assert sorted(outcomes.values()) == ["lost", "won"], outcomes
    statuses = dict(PaymentRequest.objects.filter(pk__in=ids).values_list("pk", "status"))
    authorized = PaymentRequestStep.objects.filter(request_id__in=ids, status=Status.AUTHORIZED)
    if outcomes["bulk"] == "won":
        assert set(statuses.values()) == {Status.AUTHORIZED}
        assert authorized.count() == 3
    else:
        assert statuses == {
            ids[0]: Status.AWAITING,
            ids[1]: Status.REFUSED,
            ids[2]: Status.AWAITING,
        }
        assert not authorized.exists()
