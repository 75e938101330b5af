"""Read queries of the exception-drugs service, already filtered by who is asking (STYLE.md §1)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Avg, Count, DurationField, Exists, ExpressionWrapper, F, QuerySet
from django.utils import timezone

from sel.access.models import Grant, ServiceCode
from sel.access.selectors import service_checked_in_this_request
from sel.accounts.models import Role
from sel.exception_drugs.models import OPEN_STATUSES, Delegation, Drug, ExceptionRequest, Status

CONSULTING_PHARMACY_ROLES = (Role.PHARMACIST, Role.PHARMACY_TECHNICIAN)
# What the consultation shows (seed 001: « l'état et le résumé »): nothing more is read.
SUMMARY_FIELDS = (
    "reference",
    "kind",
    "received_at",
    "channel",
    "status",
    "decided_at",
    "authorized_from",
    "authorized_until",
    "refusal_reason",
    "information_requested",
    "justification",
    "prescriber__first_name",
    "prescriber__last_name",
    "indication__code",
    "indication__text_fr",
    "indication__text_en",
    "drug__din",
    "drug__name",
    "drug__strength",
)


def service_granted(user: Any, requests: QuerySet[ExceptionRequest]) -> QuerySet[ExceptionRequest]:
    """The same rule as ``sel.access.selectors.user_has_service`` (a grant valid today, not
    withdrawn, for an offered service). When ``service_required`` has just checked it for this
    request, it is not checked twice; otherwise it is a condition of the query it guards, so the
    access check and the read are one statement. Either way a withdrawal takes effect at the next
    request."""
    if service_checked_in_this_request(user, ServiceCode.EXCEPTION_DRUGS):
        return requests
    grants = Grant.objects.valid_on(timezone.localdate()).filter(
        user=user, service__code=ServiceCode.EXCEPTION_DRUGS, service__is_active=True
    )
    return requests.filter(Exists(grants))


def prescribers_delegating_to(user: Any) -> QuerySet[Delegation, Any]:
    """Seed 000: an assistant follows « les demandes soumises à la Régie par un prescripteur » who
    delegated to them; a delegation ended or past its end date stops at the next request."""
    return Delegation.objects.in_force().filter(assistant=user).values("prescriber")


def requests_followed_by(
    user: Any, requests: QuerySet[ExceptionRequest] | None = None
) -> QuerySet[ExceptionRequest]:
    """The requests a professional follows as prescriber or as delegated assistant.

    Seed 000: assistants « travaillant auprès d'un prescripteur autorisé » see that prescriber's
    requests only; everyone needs the service granted.
    """
    requests = ExceptionRequest.objects.all() if requests is None else requests
    if not user.is_authenticated or not user.is_active:
        return requests.none()
    if user.role not in (Role.PRESCRIBER, Role.ADMIN_ASSISTANT):
        return requests.none()
    requests = service_granted(user, requests)
    if user.role == Role.PRESCRIBER:
        return requests.filter(prescriber=user)
    return requests.filter(prescriber__in=prescribers_delegating_to(user))


def consultation_age_limit(requests: QuerySet[ExceptionRequest]) -> QuerySet[ExceptionRequest]:
    """Seed 001: « depuis décembre 2017, la consultation n'est plus restreinte aux 90 derniers
    jours ». EXCEPTION_CONSULTATION_MAX_AGE_DAYS (default 0: no limit) can restore one."""
    days = settings.EXCEPTION_CONSULTATION_MAX_AGE_DAYS
    if days > 0:
        return requests.filter(received_at__gte=timezone.now() - timedelta(days=days))
    return requests


def exception_requests_visible_to(user: Any, *, nam: str, drug: Drug) -> QuerySet[ExceptionRequest]:
    """The requests for one NAM and one drug that ``user`` may consult (seeds 000, 001):

    - a prescriber: the requests they submitted;
    - an administrative assistant: those of the prescribers whose delegation to them is in force;
    - a pharmacist or pharmacy technician (ATP) with the service granted: every request for that
      NAM and drug, « peu importe le mode de transmission utilisé »;
    - anyone else: none, exactly as for a NAM that has no request.
    """
    requests = ExceptionRequest.objects.filter(insured_person__nam=nam, drug=drug)
    if not user.is_authenticated or not user.is_active:
        return requests.none()
    if user.role in CONSULTING_PHARMACY_ROLES:
        visible = service_granted(user, requests)
    elif user.role in (Role.PRESCRIBER, Role.ADMIN_ASSISTANT):
        visible = requests_followed_by(user, requests)
    else:
        return requests.none()
    return (
        consultation_age_limit(visible)
        .select_related("prescriber", "indication", "drug")
        .only(*SUMMARY_FIELDS)
        .order_by("-received_at", "-pk")
    )


def drugs_matching(query: str, *, limit: int = 10) -> list[Drug]:
    """Drugs found by DIN (all digits) or by name (case-insensitive, part of the name)."""
    query = " ".join((query or "").split())
    if not query:
        return []
    compact = query.replace(" ", "")
    if compact.isdigit():
        return list(Drug.objects.filter(din=compact.zfill(8))[:limit])
    return list(Drug.objects.filter(name__icontains=query).order_by("name", "strength")[:limit])


def time_in_each_status(exception_request: ExceptionRequest) -> list[tuple[str, timedelta]]:
    """How long the request spent in each status, from its history (the current one until now)."""
    changes = list(exception_request.history.all())
    totals: dict[str, timedelta] = {}
    for index, change in enumerate(changes):
        end = changes[index + 1].changed_at if index + 1 < len(changes) else timezone.now()
        totals[change.to_status] = totals.get(change.to_status, timedelta()) + (
            end - change.changed_at
        )
    if exception_request.status not in OPEN_STATUSES and changes:
        totals[exception_request.status] = timedelta()
    labels = dict(Status.choices)
    return [(str(labels[status]), duration) for status, duration in totals.items()]


def queue_requests() -> QuerySet[ExceptionRequest]:
    """Open requests, oldest first (agents only: the caller checks)."""
    return (
        ExceptionRequest.objects.filter(status__in=OPEN_STATUSES)
        .select_related("drug", "prescriber")
        .order_by("received_at", "pk")
    )


AGEING_BUCKETS = ((0, 7), (8, 14), (15, 30), (31, None))


def queue_ageing() -> list[dict[str, Any]]:
    """Open requests per status and age bucket (days since received)."""
    now = timezone.now()
    rows = []
    for low, high in AGEING_BUCKETS:
        bucket = ExceptionRequest.objects.filter(
            status__in=OPEN_STATUSES, received_at__lte=now - timedelta(days=low)
        )
        if high is not None:
            bucket = bucket.filter(received_at__gt=now - timedelta(days=high + 1))
        counts = dict(bucket.values_list("status").annotate(n=Count("pk")).order_by())
        rows.append(
            {
                "low": low,
                "high": high,
                "in_processing": counts.get(Status.IN_PROCESSING, 0),
                "awaiting_information": counts.get(Status.AWAITING_INFORMATION, 0),
            }
        )
    return rows


def time_to_decision_by_drug() -> list[dict[str, Any]]:
    """For each drug with decided requests: how many, and the mean time from receipt to decision."""
    duration = ExpressionWrapper(F("decided_at") - F("received_at"), output_field=DurationField())
    rows = (
        ExceptionRequest.objects.filter(decided_at__isnull=False)
        .values("drug__din", "drug__name", "drug__strength")
        .annotate(decided=Count("pk"), mean=Avg(duration))
        .order_by("-decided", "drug__name")
    )
    return [dict(row) for row in rows]
