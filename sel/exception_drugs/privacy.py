"""What the exception-drugs app holds about a professional (Law 25): the requests they follow
(as prescriber, or as assistant under a delegation in force), as the request page shows them,
and the delegations they gave or received.

The health data of insured persons goes out only as the professional may see it today, through
the selectors (``requests_followed_by``, ``RequestSummary``): the summary, the history, the file
names, the prescriber's answer. Neither the NAM nor an identity goes out: the request page never
shows them, and their one reader, the renewal page, audits each read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sel.accounts.models import User
from sel.exception_drugs.models import Delegation, ExceptionRequest
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
