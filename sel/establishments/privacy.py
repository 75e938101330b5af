"""What the establishments' applications hold about a person (Law 25): a professional's payment
requests with their lines and history, a signatory's register entries and the associations
naming them or a professional. A signatory's decisions on other people's requests stay out:
those requests are the professionals' (their history names the signatory)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from sel.accounts.models import User
from sel.establishments.models import Association, PaymentRequest, Signatory

EXPORTED = {
    "establishments.PaymentRequest": "payment_requests",
    "establishments.Signatory": "signatory_entries",
    "establishments.Association": "associations",
}
NOT_EXPORTED = {
    "establishments.AssociationChange": (
        "An association's history names the establishment's staff who changed it; the "
        "associations naming the person go out under « associations », as they stand."
    ),
    "establishments.PaymentRequestStep": (
        "A step's actor is the signatory who decided another person's request; the request's "
        "own history goes out with it, in the professional's export."
    ),
}


def export(user: User) -> dict[str, Any]:
    requests = (
        PaymentRequest.objects.filter(professional=user)
        .select_related("installation", "decided_by")
        .prefetch_related("lines__activity", "steps")
        .order_by("submitted_at", "pk")
    )
    entries = Signatory.objects.filter(user=user).select_related("establishment", "access_request")
    associations = (
        Association.objects.filter(Q(professional=user) | Q(signatory__user=user))
        .select_related("installation", "professional", "signatory__user")
        .order_by("valid_from", "pk")
    )
    return {
        "payment_requests": [
            {
                "reference": r.reference,
                "installation": r.installation.number,
                "mode": r.mode,
                "period": [r.period_start.isoformat(), r.period_end.isoformat()],
                "status": r.status,
                "total": str(r.total),
                "decided_by": r.decided_by.get_full_name() if r.decided_by else "",
                "decided_at": r.decided_at.isoformat() if r.decided_at else "",
                "reason": r.reason,
                "lines": [
                    {
                        "day": line.day.isoformat(),
                        "activity": line.activity.code,
                        "quantity": str(line.quantity),
                        "amount": str(line.amount),
                    }
                    for line in r.lines.all()
                ],
                "history": [
                    {"status": step.status, "at": step.at.isoformat()} for step in r.steps.all()
                ],
            }
            for r in requests
        ],
        "signatory_entries": [
            {
                "establishment": e.establishment.number,
                "function": e.function,
                "resolution": [
                    e.resolution_number,
                    e.resolution_date.isoformat() if e.resolution_date else "",
                ],
                "from": e.valid_from.isoformat(),
                "access_request": e.access_request.reference if e.access_request else "",
                "ended_at": e.ended_at.isoformat() if e.ended_at else "",
            }
            for e in entries
        ],
        "associations": [
            {
                "installation": a.installation.number,
                "professional": a.professional.username,
                "signatory": a.signatory.user.username,
                "from": a.valid_from.isoformat(),
                "until": a.valid_until.isoformat() if a.valid_until else "",
            }
            for a in associations
        ],
    }
