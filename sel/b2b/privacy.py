"""What the B2B app holds about a person (Law 25): an IT lead's clients (exported), and the
register the services read, which is the Régie's, not an account's.

An insured person has no account here; what the export owes them is the list of the B2B calls
that read their NAM (``reads_of_nam``): which vendor's client, which service, when and with what
outcome, from the audit trail's one row per call."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.b2b.models import B2BClient
from sel.b2b.selectors import client_scopes
from sel.b2b.services.idempotency import idempotency_purge

EXPORTED = {"b2b.B2BClient": "b2b_clients"}
NOT_EXPORTED = {
    "b2b.InsuredPerson": "The register the eligibility service reads (production) or the "
    "sandbox's synthetic persons: no account is an insured person's; their B2B reads are given "
    "by reads_of_nam.",
    "b2b.Physician": "The register of physicians the family-doctor service answers with: "
    "professional data published to the vendors' software, no account's.",
    "b2b.ClientPractice": "A practice number linked to a vendor's client by an agent: the "
    "client's configuration, exported with the client of the IT lead who holds it.",
}


def export(user: User) -> dict[str, Any]:
    clients = B2BClient.objects.filter(it_lead=user).select_related("application")
    return {
        "b2b_clients": [
            {
                "client_id": client.client_id,
                "environment": client.environment,
                "organization": client.organization_name,
                "scopes": client_scopes(client),
                "created_at": client.created_at.isoformat(),
                "last_used_at": client.last_used_at.isoformat() if client.last_used_at else None,
                "revoked_at": client.revoked_at.isoformat() if client.revoked_at else None,
                "practices": list(client.practices.values_list("practice_number", flat=True)),
            }
            for client in clients
        ]
    }


def reads_of_nam(nam: str) -> dict[str, Any]:
    """The B2B calls about this NAM, for the insured person's own export: vendor, environment,
    service, when, outcome (never the answer's content)."""
    events = AuditEvent.objects.filter(action=Action.B2B_CALL.value, subject_key=nam).order_by(
        "occurred_at", "pk"
    )
    names = dict(B2BClient.objects.values_list("pk", "organization_name"))
    return {
        "b2b_reads": [
            {
                "at": event.occurred_at.isoformat(),
                "vendor": names.get(event.details.get("client"), ""),
                "environment": event.details.get("environment", ""),
                "service": event.details.get("service", ""),
                "outcome": event.details.get("outcome", ""),
            }
            for event in events
        ]
    }


def purge_expired(now: datetime) -> dict[str, int]:
    return {"b2b_idempotency_keys": idempotency_purge(now)}
