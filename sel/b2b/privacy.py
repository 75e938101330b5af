"""What the B2B app holds about a person (Law 25): an IT lead's clients (exported), and the
register the services read, which is the Régie's, not an account's.

An insured person has no account here: the Régie's privacy office answers their request for
access (Law 25) from the agents' page of sel.privacy, which lists the B2B calls that read their
NAM (``insured_person_reads``): which vendor's client, which service, when and with what outcome,
from the audit trail's one row per call. ``insured_person_identity`` compares the requester's
identity with the production register."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from sel.access.models import OnlineService
from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.b2b.grants import B2B_SERVICES
from sel.b2b.models import B2BClient, ClaimStatus, Environment, InsuredPerson
from sel.b2b.rules import name_key
from sel.b2b.selectors import client_scopes
from sel.b2b.services.idempotency import idempotency_purge

SOURCE = _("Services B2B des développeurs de logiciels")
REGISTER = _("Registre des personnes assurées (services B2B, production)")

EXPORTED = {"b2b.B2BClient": "b2b_clients"}
NOT_EXPORTED = {
    "b2b.InsuredPerson": "The register the eligibility service reads (production) or the "
    "sandbox's synthetic persons: no account is an insured person's; their B2B reads are given "
    "by insured_person_reads.",
    "b2b.Physician": "The register of physicians the family-doctor service answers with: "
    "professional data published to the vendors' software, no account's.",
    "b2b.ClientPractice": "A practice number linked to a vendor's client by an agent: the "
    "client's configuration, exported with the client of the IT lead who holds it.",
    "b2b.SoftwareAuthorization": "An establishment's decision to let a vendor's client submit "
    "payment requests for an installation: the establishment's record; who decided is in the "
    "audit trail.",
    "b2b.SandboxPaymentRequest": "A training client's request in the sandbox: the documented "
    "synthetic practice numbers of the B2B guide, nobody real.",
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


# What an insured person learns of a call's outcome: whether it was answered, wrote something or
# was refused; never what the answer said (covered or not, which physician, a claim's status).
ANSWERED = _("Réponse donnée")
WRITTEN = _("Écriture enregistrée")
REFUSED = _("Appel refusé")
# A claim an agent opened (sel.b2b.services.claims.claim_read_by_agent): the Régie, not the agent.
REGIE = _("Régie de l'assurance maladie du Québec")
CLAIM_PROCESSING = _("Réclamation SELAT (4134) ouverte pour son traitement")
SHOWN = _("Consultée")
WRITE_OUTCOMES = {"registered", "moved", "already_registered", "ended", "submitted"}
ANSWER_OUTCOMES = {"answered", "found", "none", "replayed", *ClaimStatus.values}


def call_outcome_label(outcome: str) -> str:
    """The outcome of one call as the person's export gives it (``ANSWERED``, ``WRITTEN`` or
    ``REFUSED``), never the answer's content."""
    if outcome in WRITE_OUTCOMES:
        return str(WRITTEN)
    if outcome in ANSWER_OUTCOMES:
        return str(ANSWERED)
    return str(REFUSED)


def _environment_label(environment: str) -> str:
    if environment in Environment.values:
        return str(Environment(environment).label)
    return environment


def insured_person_reads(nam: str) -> list[dict[str, Any]]:
    """The reads of this NAM in this app, for an insured person's access request (sel.privacy):
    each B2B call (one audit row per call, ``Action.B2B_CALL``: when, which vendor's client, in
    which environment, which service, with what outcome; never the answer's content) and each
    SELAT claim an agent opened to process it (``Action.B2B_CLAIM_READ``). Labels in the active
    language."""
    events = list(
        AuditEvent.objects.filter(
            action__in=[Action.B2B_CALL.value, Action.B2B_CLAIM_READ.value], subject_key=nam
        ).order_by("occurred_at", "pk")
    )
    client_ids = {event.details.get("client") for event in events}
    clients = B2BClient.objects.filter(pk__in=[pk for pk in client_ids if pk is not None])
    by_pk = {client.pk: client for client in clients.select_related("application")}
    found = OnlineService.objects.filter(code__in=B2B_SERVICES)
    services = {service.code: service.name for service in found}
    rows = []
    for event in events:
        environment = _environment_label(event.details.get("environment", ""))
        if event.action == Action.B2B_CLAIM_READ.value:
            rows.append(
                {
                    "at": event.occurred_at,
                    "source": str(SOURCE),
                    "reader": str(REGIE),
                    "client_id": "",
                    "environment": environment,
                    "service": str(CLAIM_PROCESSING),
                    "outcome": str(SHOWN),
                }
            )
            continue
        client = by_pk.get(event.details.get("client"))
        service = event.details.get("service", "")
        rows.append(
            {
                "at": event.occurred_at,
                "source": str(SOURCE),
                "reader": client.organization_name if client else "",
                "client_id": client.client_id if client else "",
                "environment": environment,
                "service": services.get(service, service),
                "outcome": call_outcome_label(event.details.get("outcome", "")),
            }
        )
    return rows


def insured_person_identity(
    nam: str, *, last_name: str, first_name: str, birth_date: date
) -> dict[str, Any]:
    """How the identity typed for an insured person's access request compares with the register
    the production services read (``compared`` empty: it does not know this NAM). The sandbox's
    synthetic persons are nobody's identity."""
    person = InsuredPerson.objects.filter(environment=Environment.PRODUCTION, nam=nam).first()
    if person is None:
        return {"register": str(REGISTER), "compared": [], "disagreeing": []}
    disagreeing = []
    if name_key(person.last_name) != name_key(last_name):
        disagreeing.append("last_name")
    if name_key(person.first_name) != name_key(first_name):
        disagreeing.append("first_name")
    if person.birth_date != birth_date:
        disagreeing.append("birth_date")
    return {
        "register": str(REGISTER),
        "compared": ["last_name", "first_name", "birth_date"],
        "disagreeing": disagreeing,
    }


def purge_expired(now: datetime) -> dict[str, int]:
    return {"b2b_idempotency_keys": idempotency_purge(now)}
