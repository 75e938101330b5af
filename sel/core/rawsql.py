"""Hand-written SQL, kept only where bench/rawsql_vs_orm.py measured it saving about 15 % or more
of a consultation's CPU against its ORM twin (bench/RESULTS.md): the grant check and the
consultation's read. Names still come from the models, values still go through Django's
conversions, and each statement has tests holding it to the ORM rule it replaces, for every shape
of grant and role. Everything else uses the ORM."""

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
