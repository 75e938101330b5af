"""Requests the establishments' tests send more than once."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from sel.establishments.models import Association


def association_change_post(client: Any, association: Association, **fields: str) -> Any:
    """POSTs the change form of ``association``: its current values, with ``fields`` changed."""
    data = {
        "signatory_username": association.signatory.user.username,
        "valid_from": association.valid_from.isoformat(),
        "valid_until": association.valid_until.isoformat() if association.valid_until else "",
    } | fields
    return client.post(reverse("establishments:association_change", args=[association.pk]), data)
