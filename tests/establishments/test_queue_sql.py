"""The queue's hand-written statement (sel/establishments/queue_sql.py, PostgreSQL) gives the rows
that the ORM's ``signatory_queue`` gives, for every shape of grant scope, association, register
entry and request, page after page (issue #13's rule for whatever SQL stays)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from sel.establishments.access import signatory_context
from sel.establishments.models import PaymentRequest, Signatory, Status
from sel.establishments.queue_sql import queue_page_sql
from sel.establishments.selectors import queue_page, signatory_queue
from tests.factories.establishments import (
    AssociationFactory,
    EstablishmentWorld,
    PaymentRequestFactory,
    professional,
    signatory_with_grant,
)

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the queue's hand-written statement is PostgreSQL's (other databases take the ORM)",
)


def _shapes(world: EstablishmentWorld, signatory: Signatory) -> None:
    """Requests of every kind around ``signatory``: in its queue or kept out of it."""
    today = timezone.localdate()
    at = timezone.now() - timedelta(days=5)
    open_ended = AssociationFactory(signatory=signatory, installation=world.hospital)
    bounded = AssociationFactory(
        signatory=signatory, installation=world.clsc, valid_until=today + timedelta(days=20)
    )
    ended_by_date = AssociationFactory(
        signatory=signatory, installation=world.hospital, valid_until=today - timedelta(days=1)
    )
    ended = AssociationFactory(signatory=signatory, installation=world.chsld, ended_at=at)
    future = AssociationFactory(
        signatory=signatory, installation=world.chsld, valid_from=today + timedelta(days=3)
    )
    own = AssociationFactory(
        signatory=signatory, installation=world.hospital, professional=signatory.user
    )
    elsewhere = AssociationFactory(signatory=signatory, installation=world.chsld)
    for association in (open_ended, bounded, ended_by_date, ended, future, own, elsewhere):
        for _ in range(3):  # three at the same instant: the id breaks the tie
            PaymentRequestFactory(association=association, submitted_at=at)
        PaymentRequestFactory(association=association)
    # The bounded association's end: a period that ends after it is not its signatory's.
    PaymentRequestFactory(
        association=bounded,
        period_start=today + timedelta(days=15),
        period_end=today + timedelta(days=25),
    )
    PaymentRequestFactory(
        association=bounded,
        period_start=today + timedelta(days=14),
        period_end=today + timedelta(days=20),
    )
    for status in (Status.SUBMITTED, Status.AUTHORIZED, Status.REFUSED, Status.RETURNED):
        PaymentRequestFactory(association=open_ended, status=status)
    PaymentRequestFactory(association=open_ended, professional=professional())  # not under it
    orphan = PaymentRequestFactory(association=open_ended)
    PaymentRequest.objects.filter(pk=orphan.pk).update(association=None)
    other = signatory_with_grant(world.cisss)
    PaymentRequestFactory(
        association=AssociationFactory(signatory=other, installation=world.hospital)
    )


def _same_pages(signatory: Signatory, size: int) -> int:
    context = signatory_context(signatory.user)
    expected = queue_page(signatory_queue(context), after=None, size=size)
    assert queue_page_sql(context, after=None, size=size) == expected
    seen = len(expected)
    after: Any = None
    while True:
        orm = queue_page(signatory_queue(context), after=after, size=size)
        assert queue_page_sql(context, after=after, size=size) == orm
        if len(orm) <= size:
            return seen
        after = (orm[size - 1][-1], orm[size - 1][0])
        seen += size


@pytest.mark.parametrize("size", [1, 4, 50])
@pytest.mark.parametrize(
    "grant",
    [
        {"scope": "all"},
        {"scope": "some", "numbers": ["51234", "51235"]},
        {"scope": "optilab", "number": "90001"},
    ],
    ids=["all", "some", "optilab"],
)
def test_the_statement_gives_the_orm_s_rows_page_after_page(
    world: EstablishmentWorld, grant: dict[str, Any], size: int
) -> None:
    signatory = signatory_with_grant(world.cisss, **grant)
    _shapes(world, signatory)
    context = signatory_context(signatory.user)
    assert context.grant_in_force and context.associations
    assert _same_pages(signatory, size) > 0


def test_the_statement_gives_nothing_when_the_orm_gives_nothing(world: EstablishmentWorld) -> None:
    signatory = signatory_with_grant(world.cisss)
    _shapes(world, signatory)
    Signatory.objects.filter(pk=signatory.pk).update(ended_at=timezone.now())
    context = signatory_context(signatory.user)
    assert queue_page(signatory_queue(context), after=None, size=50) == []
    assert queue_page_sql(context, after=None, size=50) == []
