"""The signatory's queue without filters (its first page, and « Page suivante »), as one
hand-written statement on PostgreSQL: the page every signatory opens first.

Issue #13's rule keeps hand-written SQL only where it saves 15 % or more of a request's CPU; this
statement saves 17–23 % of the queue page's (``bench/queue_sql_vs_orm.py``, bench/RESULTS.md). It
says what
``selectors.signatory_queue`` says, and ``tests/establishments/test_queue_sql.py`` holds the two to
the same rows for every shape of grant, association, register entry and request. Other databases,
and any filter, take the ORM."""

from __future__ import annotations

from typing import Any

from django.db import connection

from sel.establishments.access import SignatoryContext
from sel.establishments.models import Status
from sel.establishments.selectors import Position

# The queue's columns, in selectors.QUEUE_COLUMNS' order.
SELECT = """
SELECT r.id, r.reference, u.first_name, u.last_name, u.username, i.number,
       r.period_start, r.period_end, r.mode, r.total, r.submitted_at
FROM establishments_paymentrequest r
JOIN establishments_installation i ON i.id = r.installation_id
JOIN accounts_user u ON u.id = r.professional_id
WHERE r.status = %s
  AND r.installation_id = ANY(%s::bigint[])
  AND r.professional_id <> %s
  AND (r.association_id = ANY(%s::bigint[]){bounded})
  {after}
ORDER BY r.submitted_at, r.id
LIMIT %s
"""
BOUNDED = " OR (r.association_id = %s AND r.period_end <= %s)"
AFTER = "AND (r.submitted_at > %s OR (r.submitted_at = %s AND r.id > %s))"


def queue_sql_applies() -> bool:
    return connection.vendor == "postgresql"


def queue_page_sql(
    context: SignatoryContext, *, after: Position | None, size: int
) -> list[tuple[Any, ...]]:
    """``selectors.queue_page(signatory_queue(context), after=after, size=size)``, on
    PostgreSQL: up to ``size + 1`` rows, oldest first."""
    if not context.grant_in_force or not context.associations:
        return []
    open_ended = [pk for pk, (_start, end) in context.associations.items() if end is None]
    bounded = [(pk, end) for pk, (_start, end) in context.associations.items() if end is not None]
    params: list[Any] = [
        Status.AWAITING.value,
        sorted(context.installation_ids),
        context.user_id,
        open_ended,
    ]
    for pk, end in bounded:
        params += [pk, end]
    if after is not None:
        at, pk = after
        params += [at, at, pk]
    params.append(size + 1)
    statement = SELECT.format(bounded=BOUNDED * len(bounded), after=AFTER if after else "")
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()
