from __future__ import annotations

from django.db.models import Q, QuerySet

from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.models import AuditEvent

SECURITY_ACTIONS = [
    a.value
    for a in Action
    if a.value.split(".")[0]
    in {"login", "logout", "account", "password", "questions", "recovery", "alias", "second_factor"}
    or a.value == "logout"
]


def security_events_for(user: User, *, limit: int = 20) -> QuerySet[AuditEvent]:
    """The account's recent security events (logins, failures, changes) with time and address."""
    return AuditEvent.objects.filter(
        Q(target_type=user._meta.label_lower, target_id=str(user.pk)),
        action__in=SECURITY_ACTIONS,
    ).order_by("-occurred_at", "-pk")[:limit]
