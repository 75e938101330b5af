"""Hand-written SQL for the few statements every consultation runs (the grant check, the drug by
DIN, the read, the audit row): compiling them through the ORM cost more CPU than the rest of the
request (bench/RESULTS.md). Names still come from the models, values still go through Django's
conversions, and each statement has tests holding it to the ORM rule it replaces."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model


def table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def column(model: type[Model], name: str) -> str:
    return connection.ops.quote_name(str(model._meta.get_field(name).column))  # type: ignore[union-attr]


def rows_converted(
    model: type[Model], names: Sequence[str], rows: Iterable[Sequence[Any]]
) -> list[list[Any]]:
    """``rows`` whose first ``len(names)`` values are ``model``'s fields ``names``, converted as
    the ORM converts them (SQLite returns dates and times as text, booleans as integers)."""
    converters = []
    for index, name in enumerate(names):
        field = model._meta.get_field(name)
        col = field.get_col(model._meta.db_table)  # type: ignore[union-attr]
        functions = connection.ops.get_db_converters(col) + field.get_db_converters(connection)  # type: ignore[union-attr]
        if functions:
            converters.append((index, functions, col))
    converted = []
    for row in rows:
        values = list(row)
        for index, functions, col in converters:
            for function in functions:
                values[index] = function(values[index], col, connection)
        converted.append(values)
    return converted


def models_fetched(model: type[Model], sql: str, params: Sequence[Any]) -> list[Any]:
    """Instances of ``model`` from ``sql``, which selects ``model_columns(model)`` in order."""
    names = [field.attname for field in model._meta.concrete_fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = rows_converted(model, names, cursor.fetchall())
    return [model.from_db(connection.alias, names, row) for row in rows]


def model_columns(model: type[Model]) -> str:
    return ", ".join(column(model, field.name) for field in model._meta.concrete_fields)
