"""``record`` (one event) and ``record_each`` (the same event for each of many targets) are the
only ways to write an audit event."""

from __future__ import annotations

import ipaddress
import json
import logging
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models.functions import Cast
from django.http import HttpRequest
from django.utils import timezone

from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.core.http import client_ip, user_agent
from sel.core.inserts import insert_from_query

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


def _fields(
    action: Action,
    actor: AbstractBaseUser | AnonymousUser | None,
    request: HttpRequest | None,
    subject_key: str,
    details: dict[str, Any],
) -> dict[str, Any]:
    """What an event holds besides its target, checked: the action in the vocabulary, no secret
    in the details, a client address that is one."""
    if not isinstance(action, Action):
        raise TypeError("action must be a sel.audit.events.Action")
    _check_details(details)
    address = client_ip(request) if request is not None else ""
    try:
        ipaddress.ip_address(address)
    except ValueError:
        address = ""
    # An anonymous visitor is no actor; the account model is above this floor: its key only.
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    return {
        "action": action.value,
        "actor_id": actor_id,
        "client_address": address or None,
        "user_agent": _neutralise(user_agent(request)) if request is not None else "",
        "subject_key": subject_key,
        "details": details,
    }


def record(
    *,
    action: Action,
    actor: AbstractBaseUser | AnonymousUser | None = None,
    target: models.Model | None = None,
    request: HttpRequest | None = None,
    subject_key: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit event and emit the same as a structured log line."""
    details = details or {}
    event = AuditEvent(
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        **_fields(action, actor, request, subject_key, details),
    )
    event.save(force_insert=True)
    if logger.isEnabledFor(logging.INFO):
        _log(event, details)
    return event


def record_each(
    *,
    action: Action,
    target_type: type[models.Model],
    target_ids: Sequence[int],
    actor: AbstractBaseUser | AnonymousUser | None = None,
    request: HttpRequest | None = None,
    details: dict[str, Any] | None = None,
) -> int:
    """One audit event per object of ``target_type`` among ``target_ids`` (integer keys, sent to
    PostgreSQL as one array: ``sel.core.lookups``), each what ``record``
    would write for it, at the same instant: an action applied to many objects at once (the
    establishments' bulk authorization) keeps the trail of each. The database writes them in
    one statement (``sel.core.inserts``: 500 events through ``bulk_create`` cost more CPU than
    a whole single authorization), with a log line per event as ``record``. Returns how many
    were written (a key of no object writes none)."""
    details = details or {}
    fields = _fields(action, actor, request, "", details)
    label = target_type._meta.label_lower
    actor_id = fields.pop("actor_id")
    targets = target_type._base_manager.filter(pk__any_of=target_ids).order_by("pk")
    written = insert_from_query(
        AuditEvent,
        targets,
        occurred_at=timezone.now(),
        actor=actor_id,
        target_type=label,
        target_id=Cast("pk", output_field=AuditEvent._meta.get_field("target_id")),
        **fields,
    )
    if logger.isEnabledFor(logging.INFO):
        keys = sorted(set(target_ids))
        if written != len(keys):  # some key named no object: log the events written, no more
            keys = list(targets.values_list("pk", flat=True))
        for pk in keys:
            event = AuditEvent(target_type=label, target_id=str(pk), actor_id=actor_id, **fields)
            _log(event, details)
    return written


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
