"""The outbox's model moved from ``core`` to ``outbox`` without moving its rows: an email queued
before the move (still pending, with its secret) is the same email after it, on SQLite and on
PostgreSQL alike (run the suite with DATABASE_URL for the latter)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sel.outbox.models import OutboundEmail

BEFORE_THE_MOVE = [("core", "0002_counter"), ("outbox", None)]


def _migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.fixture
def before_the_move(transactional_db: None) -> Iterator[MigrationExecutor]:
    executor = _migrate(BEFORE_THE_MOVE)
    try:
        yield executor
    finally:
        _migrate([])  # every app back to its latest migration, whatever the test did


def test_an_email_queued_before_the_move_is_the_same_email_after_it(
    before_the_move: MigrationExecutor,
) -> None:
    old_apps = before_the_move.loader.project_state([("core", "0002_counter")]).apps
    queued = old_apps.get_model("core", "OutboundEmail").objects.create(
        message_id="<before-the-move@sel.example>",
        to="pharmacienne@exemple.qc.ca",
        template="test_notice",
        language="fr-ca",
        context={"reference": "R-1"},
        secret_context={"code": "482913"},
    )

    _migrate([])

    email = OutboundEmail.objects.get(message_id="<before-the-move@sel.example>")
    assert email.pk == queued.pk
    assert email.status == OutboundEmail.Status.PENDING
    assert (email.to, email.context, email.secret_context) == (
        "pharmacienne@exemple.qc.ca",
        {"reference": "R-1"},
        {"code": "482913"},
    )
    # New emails go on in the same table, after the old one.
    later = OutboundEmail.objects.create(
        message_id="<after-the-move@sel.example>",
        to="x@exemple.qc.ca",
        template="t",
        language="fr-ca",
    )
    assert later.pk > email.pk
