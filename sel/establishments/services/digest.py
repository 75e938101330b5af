"""The daily digest: each signatory learns how many requests wait for them, and nothing else."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from sel.access.selectors import user_has_service
from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.services import record
from sel.core.http import absolute_url
from sel.establishments.access import AUTHORIZATION
from sel.establishments.models import Association, PaymentRequest, Status
from sel.outbox.services import send_email_later


@transaction.atomic
def payment_digest_send() -> int:
    """One email per signatory with requests waiting under an association in force: the count
    and the link to the queue; no name, number or amount (issue #14: « no personal data »)."""
    today = timezone.localdate()
    in_force = Association.objects.in_force_on(today).filter(signatory__ended_at__isnull=True)
    counts = (
        PaymentRequest.objects.filter(status=Status.AWAITING, association__in=in_force)
        .values("association__signatory__user")
        .annotate(waiting=Count("pk"))
    )
    by_user = {row["association__signatory__user"]: row["waiting"] for row in counts}
    sent = 0
    for user in User.objects.filter(pk__in=by_user, is_active=True).order_by("pk"):
        if not user_has_service(user, AUTHORIZATION):
            continue
        send_email_later(
            to=user.email,
            language=user.language,
            template="establishments/digest",
            context={
                "waiting": by_user[user.pk],
                "queue_url": absolute_url(reverse("establishments:queue")),
            },
        )
        sent += 1
    record(action=Action.PAYMENT_DIGEST_SENT, details={"signatories": sent})
    return sent
