"""Rows written by the database from a query the ORM wrote: ``INSERT INTO … SELECT …``.

Django has no INSERT … SELECT. ``bulk_create`` builds a model instance and prepares every field
of every row in Python (on the benchmark machine some 15 µs a row of a five-field model, 25 µs
an audit event): for the 500 status steps and 500 audit events of issue #14's bulk
authorization, that was twice the CPU of a whole single authorization (bench/RESULTS.md, « Issue
#14: 500 authorized at once »). Here only the statement's head is written by hand, from the
model's own table and column names; the SELECT, its values and its parameters are the ORM's, on
SQLite and PostgreSQL alike. Kept by the rule of issue #13 item 5 (a gain of 15 % or more of the
request's CPU, shown in bench/RESULTS.md) and held to ``bulk_create``'s rows by
tests/core/test_inserts.py.

No signal is sent and no instance is returned, as with ``QuerySet.update``."""

from __future__ import annotations

from typing import Any

from django.db import connections, models
from django.db.models import QuerySet, Value


def insert_from_query(model: type[models.Model], rows: QuerySet[Any, Any], **values: Any) -> int:
    """One ``model`` row per row of ``rows``, with ``values`` by field name: an expression on
    ``rows``'s model (``F("pk")``, ``Cast(…)``) or a constant, prepared by the field as
    ``bulk_create`` prepares it. Every field but the automatic key is given (the database knows
    no Python default). The rows are written in ``rows``'s order (their keys follow it).
    Returns how many rows were written."""
    fields = {f.name: f for f in model._meta.concrete_fields if not f.primary_key}
    if set(values) != set(fields):
        raise ValueError(f"{model.__name__}: give exactly {sorted(fields)}, not {sorted(values)}")
    names = list(values)
    expressions = [
        value if hasattr(value, "resolve_expression") else Value(value, output_field=fields[name])
        for name, value in values.items()
    ]
    query = rows.values_list(*expressions).query
    select, params = query.get_compiler(rows.db).as_sql()
    connection = connections[rows.db]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(fields[name].column)) for name in names)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({columns}) {select}", params)
        return int(cursor.rowcount)
