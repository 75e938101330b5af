"""What the exception-drugs app holds about a professional (Law 25): the requests they follow
(as prescriber, or as assistant under a delegation in force), as the request page shows them,
and the delegations they gave or received.

The health data of insured persons goes out only as the professional may see it today, through
the selectors (``requests_followed_by``, ``RequestSummary``): the summary, the history, the file
names, the prescriber's answer. Neither the NAM nor an identity goes out: the request page never
shows them, and their one reader, the renewal page, audits each read.

For an insured person's access request (sel.privacy, the Régie's privacy office):
``insured_person_reads`` lists who consulted their requests or was shown their identity, and
``insured_person_identity`` compares the requester's identity with the register."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sel.accounts.models import Role, User
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.exception_drugs.identity import Identity, identity_disagreements
from sel.exception_drugs.models import Delegation, Drug, ExceptionRequest, InsuredPerson
from sel.exception_drugs.selectors import RequestSummary, requests_followed_by

EXPORTED = {
    "exception_drugs.ExceptionRequest": "exception_requests",
    "exception_drugs.StatusChange": "exception_requests",
    "exception_drugs.Attachment": "exception_requests",
    "exception_drugs.Delegation": "delegations",
}
NOT_EXPORTED = {
    "exception_drugs.InsuredPerson": "The Régie's register of insured persons: no account is an "
    "insured person's; a professional sees one only through the requests exported above.",
    "exception_drugs.StatedIdentity": "An insured person's identity as a request states it: "
    "shown only on the renewal page, where each read is audited; never in a bulk export.",
}


def _at(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _request_entry(exception_request: ExceptionRequest) -> dict[str, Any]:
    summary = RequestSummary.of(exception_request)
    return {
        "reference": summary.reference,
        "kind": summary.kind,
        "drug": {"din": summary.drug.din, "name": str(summary.drug)},
        "received_at": _at(summary.received_at),
        "channel": summary.channel,
        "prescriber": summary.prescriber_name,
        "indication": summary.indication,
        "justification": summary.justification,
        "status": summary.status,
        "decided_at": _at(summary.decided_at),
        "authorized_from": _at(summary.authorized_from),  # type: ignore[arg-type]
        "authorized_until": _at(summary.authorized_until),  # type: ignore[arg-type]
        "refusal_reason": summary.refusal_reason,
        "information_requested": summary.information_requested,
        "prescriber_answer": exception_request.prescriber_answer,
        "history": [
            {"from": change.from_status, "to": change.to_status, "at": _at(change.changed_at)}
            for change in exception_request.history.all()
        ],
        "files": [
            {
                "name": attachment.original_name,
                "kind": attachment.kind,
                "at": _at(attachment.uploaded_at),
            }
            for attachment in exception_request.attachments.all()
        ],
    }


def _delegation_entry(delegation: Delegation, user: User) -> dict[str, Any]:
    other = delegation.assistant if delegation.prescriber_id == user.pk else delegation.prescriber
    return {
        "role": "prescriber" if delegation.prescriber_id == user.pk else "assistant",
        "with": {"username": other.username, "name": other.get_full_name()},
        "starts_on": _at(delegation.starts_on),  # type: ignore[arg-type]
        "ends_on": _at(delegation.ends_on),  # type: ignore[arg-type]
        "created_at": _at(delegation.created_at),
        "ended_at": _at(delegation.ended_at),
    }


def export(user: User) -> dict[str, Any]:
    followed = (
        requests_followed_by(user)
        .select_related("drug", "prescriber", "indication")
        .prefetch_related("history", "attachments")
        .order_by("received_at", "pk")
    )
    delegations = (
        Delegation.objects.filter(prescriber=user) | Delegation.objects.filter(assistant=user)
    ).select_related("prescriber", "assistant")
    return {
        "exception_requests": [_request_entry(exception_request) for exception_request in followed],
        "delegations": [
            _delegation_entry(delegation, user) for delegation in delegations.order_by("created_at")
        ],
    }


SOURCE = gettext_lazy("Médicaments d'exception et patient d'exception")
REGISTER = gettext_lazy("Registre des personnes assurées (médicaments d'exception)")
PURPOSES = {
    "renewal": gettext_lazy("renouvellement d'une demande par son prescripteur"),
    "processing": gettext_lazy("traitement d'une demande par la Régie"),
}


def _reader(actor: User | None) -> str:
    """Who read: a professional by name and role; the Régie's agents as the Régie (an agent's
    name stays out of what is given to someone else, docs/architecture.md « Privacy »)."""
    if actor is None or actor.role == Role.AGENT:
        return _("Régie de l'assurance maladie du Québec")
    return f"{actor.get_full_name()} ({Role(actor.role).label})" if actor.role else actor.username


def insured_person_reads(nam: str) -> list[dict[str, Any]]:
    """The reads of this NAM's health data in this app, from the audit trail: each consultation
    of its requests (``EXCEPTION_REQUESTS_CONSULTED``: who, when, which drug, how many requests
    were shown) and each page that showed the person's identity (``INSURED_PERSON_IDENTITY_READ``),
    for an insured person's access request (sel.privacy). Labels in the active language."""
    events = list(
        AuditEvent.objects.filter(
            action__in=[
                Action.EXCEPTION_REQUESTS_CONSULTED.value,
                Action.INSURED_PERSON_IDENTITY_READ.value,
            ],
            subject_key=nam,
        )
        .select_related("actor")
        .order_by("occurred_at", "pk")
    )
    dins = {event.details.get("din", "") for event in events}
    drugs = {drug.din: drug for drug in Drug.objects.filter(din__in=dins)}
    rows = []
    for event in events:
        if event.action == Action.EXCEPTION_REQUESTS_CONSULTED.value:
            din = event.details.get("din", "")
            service = _("Consultation des demandes pour le médicament %(drug)s") % {
                "drug": drugs.get(din, din)
            }
            outcome = _("Demandes affichées : %(count)d") % {
                "count": int(event.details.get("results", 0))
            }
        else:
            purpose = PURPOSES.get(event.details.get("purpose", ""), "")
            service = _("Identité affichée (%(purpose)s)") % {"purpose": purpose}
            outcome = _("Affichée")
        rows.append(
            {
                "at": event.occurred_at,
                "source": str(SOURCE),
                "reader": _reader(event.actor),
                "client_id": "",
                "environment": "",
                "service": service,
                "outcome": outcome,
            }
        )
    return rows


def insured_person_identity(
    nam: str, *, last_name: str, first_name: str, birth_date: date
) -> dict[str, Any]:
    """How the identity typed for an insured person's access request compares with this app's
    register (``compared`` empty: it does not know this NAM). A part the register lacks is not
    compared."""
    person = InsuredPerson.objects.filter(nam=nam).first()
    typed = Identity(last_name=last_name, first_name=first_name, birth_date=birth_date)
    compared = [
        name
        for name in ("last_name", "first_name", "birth_date")
        if person is not None and getattr(person, name) not in ("", None)
    ]
    return {
        "register": str(REGISTER),
        "compared": compared,
        "disagreeing": identity_disagreements(person, typed) if person is not None else [],
    }
