"""Two submissions of the same period by one professional at once (a double click, the portal
and a software), each on its own database connection: one is accepted, the other is told the
period is already claimed."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from sel.establishments.models import PaymentRequest
from sel.establishments.rules import LineInput, PaymentRequestSection
from sel.establishments.services.payment_requests import payment_request_submit
from tests.establishments.test_bulk_concurrency import _race
from tests.factories.establishments import (
    AssociationFactory,
    EstablishmentWorld,
    signatory_with_grant,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("attempt", range(3))
def test_the_same_period_submitted_twice_at_once_is_accepted_once(attempt: int) -> None:
    world = EstablishmentWorld.build()
    association = AssociationFactory(
        signatory=signatory_with_grant(world.cisss), installation=world.hospital
    )
    start = timezone.localdate() - timedelta(days=14 + 7 * attempt)
    section = PaymentRequestSection(
        installation_number=world.hospital.number,
        mode="hourly",
        period_start=start,
        period_end=start + timedelta(days=6),
        lines=(LineInput(start, "H001", Decimal("7.5")),),
    )

    def submit() -> PaymentRequest:
        return payment_request_submit(professional=association.professional, section=section)

    outcomes = _race(portal=submit, software=submit)
    assert sorted(outcomes.values()) == ["lost", "won"], outcomes
    assert PaymentRequest.objects.filter(professional=association.professional).count() == 1
