"""The hand-written SQL the consultation used until issue #13 item 5 (``sel/core/rawsql.py`` and
the two statements built on it), kept only so that ``bench/rawsql_vs_orm.py`` can time the
portal's ORM code against it. Product code never imports this module."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from sel.access.models import Grant, OnlineService
from sel.accounts.models import User
from sel.exception_drugs.models import Drug, ExceptionRequest, Indication, InsuredPerson
from sel.exception_drugs.selectors import SUMMARY_REQUEST_FIELDS, RequestSummary


def table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def column(model: type[Model], name: str) -> str:
    return connection.ops.quote_name(str(model._meta.get_field(name).column))  # type: ignore[union-attr]


def rows_converted(
    model: type[Model], names: Sequence[str], rows: Iterable[Sequence[Any]]
) -> list[list[Any]]:
    """``rows`` whose first ``len(names)`` values are ``model``'s fields ``names``, converted as
    the ORM converts them."""
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


@functools.cache
def _grant_exists_sql() -> str:
    g, s, col = Grant, OnlineService, column
    return (
        f"SELECT 1 FROM {table(g)} g"  # noqa: S608 (names from the models)
        f" JOIN {table(s)} s ON s.id = g.{col(g, 'service')}"
        f" WHERE g.{col(g, 'user')} = %s AND s.{col(s, 'code')} = %s AND s.{col(s, 'is_active')}"
        f" AND g.{col(g, 'revoked_at')} IS NULL AND g.{col(g, 'valid_from')} <= %s"
        f" AND (g.{col(g, 'valid_until')} IS NULL OR g.{col(g, 'valid_until')} >= %s) LIMIT 1"
    )


def user_has_service(user: User, service_code: str) -> bool:
    """main's grant check until issue #13 item 5 (without its "already checked" shortcut)."""
    if not user.is_authenticated or not user.is_active:
        return False
    today = connection.ops.adapt_datefield_value(timezone.localdate())
    with connection.cursor() as cursor:
        cursor.execute(_grant_exists_sql(), [user.pk, service_code, today, today])
        return cursor.fetchone() is not None


@functools.cache
def _summary_sql() -> str:
    r, col = ExceptionRequest, column
    columns = ", ".join(
        [f"r.{col(r, name)}" for name in SUMMARY_REQUEST_FIELDS]
        + [f"u.{col(User, name)}" for name in ("first_name", "last_name")]
        + [f"i.{col(Indication, name)}" for name in ("code", "text_fr", "text_en")]
    )
    return (
        f"SELECT {columns} FROM {table(r)} r"  # noqa: S608 (names from the models)
        f" JOIN {table(InsuredPerson)} p ON p.id = r.{col(r, 'insured_person')}"
        f" JOIN {table(User)} u ON u.id = r.{col(r, 'prescriber')}"
        f" LEFT JOIN {table(Indication)} i ON i.id = r.{col(r, 'indication')}"
        f" WHERE p.{col(InsuredPerson, 'nam')} = %s AND r.{col(r, 'drug')} = %s"
        f" ORDER BY r.{col(r, 'received_at')} DESC, r.id DESC"
    )


def pharmacy_summaries(*, nam: str, drug: Drug) -> list[RequestSummary]:
    """main's consultation read until issue #13 item 5, for a pharmacist whose grant
    ``service_required`` already checked (what ``bench/consult.py`` measures)."""
    with connection.cursor() as cursor:
        cursor.execute(_summary_sql(), [nam, drug.pk])
        rows = rows_converted(ExceptionRequest, SUMMARY_REQUEST_FIELDS, cursor.fetchall())
    return [RequestSummary(drug, *row) for row in rows]


def drug_by_din(din: str) -> list[Drug]:
    """The drug by DIN as main read it before issue #13's first pass."""
    names = [field.attname for field in Drug._meta.concrete_fields]
    sql = f"SELECT {', '.join(column(Drug, n) for n in names)}"
    sql += f" FROM {table(Drug)} WHERE {column(Drug, 'din')} = %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [din])
        rows = rows_converted(Drug, names, cursor.fetchall())
    return [Drug.from_db(connection.alias, names, row) for row in rows]
