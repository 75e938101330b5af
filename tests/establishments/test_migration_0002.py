"""Migration establishments 0002 on rows made before it: each register entry's typed reference
becomes the link to its access request (a reference naming none stops the migration, listing
the entry, until corrected), each association gets its history, and the professionals who had
submitted requests keep submitting with a grant. On SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from sel.access.models import Grant, ServiceCode
from sel.accounts.models import Role
from sel.establishments.models import Association, Signatory
from tests.factories.access import AccessRequestFactory
from tests.factories.accounts import AgentFactory, UserFactory
from tests.factories.establishments import EstablishmentWorld

BEFORE = [("establishments", "0001_initial")]


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.fixture
def before(transactional_db: None) -> Iterator[Any]:
    executor = _migrate(BEFORE)
    try:
        yield executor.loader.project_state(BEFORE).apps
    finally:
        _migrate([])


def test_the_rows_made_before_are_linked_given_a_history_and_a_grant(before: Any) -> None:
    world = EstablishmentWorld.build()
    agent = AgentFactory()
    signatory_user = UserFactory(role=Role.ESTABLISHMENT_STAFF)
    doctor = UserFactory(role=Role.PROFESSIONAL)
    designating = AccessRequestFactory(
        form="etablissements", approved=True, account=signatory_user, organization_number="11045"
    )
    OldSignatory = before.get_model("establishments", "Signatory")
    OldAssociation = before.get_model("establishments", "Association")
    OldPaymentRequest = before.get_model("establishments", "PaymentRequest")
    entry = OldSignatory.objects.create(
        user_id=signatory_user.pk,
        establishment_id=world.cisss.pk,
        function="dsp",
        resolution_number="CA-1",
        resolution_date=timezone.localdate(),
        access_request_reference=f" {designating.reference.lower()} ",
        recorded_by_id=agent.pk,
    )
    today = timezone.localdate()
    ended = OldAssociation.objects.create(
        signatory_id=entry.pk,
        professional_id=doctor.pk,
        installation_id=world.hospital.pk,
        valid_from=today - timedelta(days=60),
        valid_until=today - timedelta(days=1),
        created_by_id=agent.pk,
        created_at=timezone.now() - timedelta(days=60),
        ended_at=timezone.now() - timedelta(days=1),
        ended_by_id=agent.pk,
    )
    OldPaymentRequest.objects.create(
        reference="DP260000000001",
        professional_id=doctor.pk,
        installation_id=world.hospital.pk,
        mode="hourly",
        period_start=today - timedelta(days=30),
        period_end=today - timedelta(days=24),
    )

    _migrate([])

    assert Signatory.objects.get(pk=entry.pk).access_request == designating
    kinds = list(Association.objects.get(pk=ended.pk).history.values_list("kind", flat=True))
    assert kinds == ["created", "ended"]
    assert Grant.objects.filter(
        user=doctor, online_service__code=ServiceCode.PAYMENT_REQUESTS
    ).exists()


def test_a_reference_that_names_no_request_stops_the_migration_until_corrected(
    before: Any,
) -> None:
    world = EstablishmentWorld.build()
    agent = AgentFactory()
    user = UserFactory(role=Role.ESTABLISHMENT_STAFF)
    OldSignatory = before.get_model("establishments", "Signatory")
    entry = OldSignatory.objects.create(
        user_id=user.pk,
        establishment_id=world.gmf.pk,
        function="gmf_responsible",
        access_request_reference="DA-TYPO",
        recorded_by_id=agent.pk,
    )
    with pytest.raises(RuntimeError, match=f"{entry.pk}: 'DA-TYPO'"):
        _migrate([])
    OldSignatory.objects.filter(pk=entry.pk).update(access_request_reference="")
    _migrate([])
    assert Signatory.objects.get(pk=entry.pk).access_request is None
