"""``sel.core.inserts.insert_from_query`` (INSERT … SELECT, kept by issue #13 item 5's rule)
writes the very rows ``bulk_create`` writes for the same values, on SQLite and PostgreSQL: the
status steps and the audit events of the establishments' bulk authorization, with NULLs, an
address, accents and nested JSON."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db.models import F
from django.db.models.functions import Cast
from django.utils import timezone

from sel.accounts.models import User
from sel.audit.models import AuditEvent
from sel.core.inserts import insert_from_query
from sel.establishments.models import PaymentRequest, PaymentRequestStep, Status
from tests.factories.accounts import UserFactory
from tests.factories.establishments import (
    AssociationFactory,
    EstablishmentWorld,
    PaymentRequestFactory,
    signatory_with_grant,
)

pytestmark = pytest.mark.django_db


def _rows(model: Any, **where: Any) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in row.items() if k != "id"}
        for row in model.objects.filter(**where).order_by("pk").values()
    ]


@pytest.fixture
def requests_() -> list[PaymentRequest]:
    world = EstablishmentWorld.build()
    association = AssociationFactory(
        signatory=signatory_with_grant(world.cisss), installation=world.hospital
    )
    return [PaymentRequestFactory(association=association) for _ in range(3)]


@pytest.mark.parametrize("with_actor", [True, False])
def test_the_steps_written_from_a_query_are_those_bulk_create_writes(
    requests_: list[PaymentRequest], with_actor: bool
) -> None:
    actor = UserFactory() if with_actor else None
    at = timezone.now() - timedelta(microseconds=7)
    ids = [r.pk for r in requests_]
    PaymentRequestStep.objects.bulk_create(
        PaymentRequestStep(request_id=pk, status=Status.AUTHORIZED, actor=actor, at=at, reason="")
        for pk in ids
    )
    expected = _rows(PaymentRequestStep, status=Status.AUTHORIZED)
    PaymentRequestStep.objects.filter(status=Status.AUTHORIZED).delete()
    written = insert_from_query(
        PaymentRequestStep,
        PaymentRequest.objects.filter(pk__in=ids).order_by("pk"),
        request=F("pk"),
        status=Status.AUTHORIZED,
        at=at,
        actor=actor.pk if actor else None,
        reason="",
    )
    assert written == 3
    assert _rows(PaymentRequestStep, status=Status.AUTHORIZED) == expected
    assert [row["request_id"] for row in expected] == sorted(ids)


@pytest.mark.parametrize(
    ("address", "details"),
    [
        (
            "203.0.113.7",
            {"bulk_authorization": 12, "accents": "Québec « ok »", "n": [1, {"a": None}]},
        ),
        ("2001:db8::1", {}),
        (None, {"quote": "l'apostrophe \" et %s %(x)s"}),
    ],
)
def test_the_audit_events_written_from_a_query_are_those_bulk_create_writes(
    address: str | None, details: dict[str, Any]
) -> None:
    users = [User.objects.get(pk=UserFactory().pk) for _ in range(3)]
    actor = users[0]
    at = timezone.now()
    fields: dict[str, Any] = {
        "occurred_at": at,
        "action": "payment_request.authorized",
        "target_type": "accounts.user",
        "client_address": address,
        "user_agent": "Firefox « 1 »",
        "subject_key": "",
        "details": details,
    }
    AuditEvent.objects.bulk_create(
        AuditEvent(actor=actor, target_id=str(user.pk), **fields) for user in users
    )
    expected = _rows(AuditEvent, occurred_at=at)
    written = insert_from_query(
        AuditEvent,
        User.objects.filter(pk__in=[u.pk for u in users]).order_by("pk"),
        actor=actor.pk,
        target_id=Cast("pk", output_field=AuditEvent._meta.get_field("target_id")),
        **{**fields, "occurred_at": at + timedelta(seconds=1)},
    )
    assert written == 3
    assert _rows(AuditEvent, occurred_at=at + timedelta(seconds=1)) == [
        {**row, "occurred_at": at + timedelta(seconds=1)} for row in expected
    ]
    assert expected[0]["details"] == details and expected[0]["client_address"] == address


def test_every_field_is_given_or_nothing_is_written(requests_: list[PaymentRequest]) -> None:
    with pytest.raises(ValueError, match="give exactly"):
        insert_from_query(
            PaymentRequestStep,
            PaymentRequest.objects.all(),
            request=F("pk"),
            status=Status.AUTHORIZED,
        )
    assert not PaymentRequestStep.objects.filter(status=Status.AUTHORIZED).exists()
