"""``record`` is the only way to write an audit event."""

from __future__ import annotations

import functools
import ipaddress
import json
import logging
from typing import Any

from django.db import connection, models
from django.http import HttpRequest

from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.core import rawsql
from sel.core.http import client_ip, user_agent

logger = logging.getLogger("sel.audit")

# Keys that would carry a secret; record() refuses them so no secret reaches the trail or the logs.
FORBIDDEN_DETAIL_KEYS = ("password", "answer", "token", "code", "secret", "pin", "nip", "otp")


def _check_details(details: dict[str, Any]) -> None:
    for key in details:
        lowered = key.lower()
        if any(word in lowered for word in FORBIDDEN_DETAIL_KEYS):
            raise ValueError(f"audit details may not carry secrets ({key!r})")


def _neutralise(value: str) -> str:
    """CR/LF and other control characters from user input must not forge log lines."""
    if value.isprintable():
        return value
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in value)


@functools.cache
def _insert_sql(vendor: str, returning: bool) -> tuple[str, tuple[Any, ...]]:
    meta = AuditEvent._meta
    fields = tuple(f for f in meta.concrete_fields if not f.primary_key)
    columns = ", ".join(rawsql.column(AuditEvent, f.name) for f in fields)
    values = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {rawsql.table(AuditEvent)} ({columns}) VALUES ({values})"  # noqa: S608
    return (f"{sql} RETURNING {rawsql.column(AuditEvent, 'id')}" if returning else sql), fields


def _insert(event: AuditEvent) -> None:
    """One INSERT of every column, each value through its field's own conversion; not
    ``Model.save``, because every consultation of health data writes one (sel/core/rawsql.py)."""
    returning = connection.features.can_return_columns_from_insert
    sql, fields = _insert_sql(connection.vendor, returning)
    params = [f.get_db_prep_save(f.pre_save(event, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        event.pk = cursor.fetchone()[0] if returning else cursor.lastrowid
    event._state.adding = False
    event._state.db = connection.alias


def record(
    *,
    action: Action,
    actor: Any = None,
    target: models.Model | None = None,
    request: HttpRequest | None = None,
    subject_key: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit event and emit the same as a structured log line."""
    if not isinstance(action, Action):
        raise TypeError("action must be a sel.audit.events.Action")
    details = details or {}
    _check_details(details)
    address = client_ip(request) if request is not None else ""
    try:
        ipaddress.ip_address(address)
    except ValueError:
        address = ""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    event = AuditEvent(
        action=action.value,
        actor=actor,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        client_address=address or None,
        user_agent=_neutralise(user_agent(request)) if request is not None else "",
        subject_key=subject_key,
        details=details,
    )
    _insert(event)
    if logger.isEnabledFor(logging.INFO):
        _log(event, details)
    return event


def _log(event: AuditEvent, details: dict[str, Any]) -> None:
    logger.info(
        "audit %s",
        json.dumps(
            {
                "action": event.action,
                "actor": event.actor_id,
                "target": f"{event.target_type}:{event.target_id}",
                "client": event.client_address,
                "details": {k: _neutralise(str(v)) for k, v in details.items()},
            },
            ensure_ascii=True,
        ),
    )
