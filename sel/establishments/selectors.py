"""Reads of the establishments' applications, each filtered by who is asking: a signatory's
queue, an *Association* user's associations, a professional's own requests, and the agents'
read-only views (each read audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Sum
from django.http import Http404, HttpRequest
from django.utils import timezone

from sel.access.models import AccessRequest
from sel.access.selectors import establishment_requests_approved_for
from sel.accounts.models import Role, User
from sel.audit.events import Action
from sel.audit.services import record
from sel.establishments.access import (
    ASSOCIATION,
    AUTHORIZATION,
    SignatoryContext,
    installations_in_scope,
)
from sel.establishments.models import (
    Association,
    AssociationChange,
    Establishment,
    Installation,
    PaymentRequest,
    Signatory,
    Status,
)

# Accounts that may be associated with a signatory and submit payment requests.
PROFESSIONAL_ROLES = (Role.PRESCRIBER, Role.PROFESSIONAL, Role.PHARMACIST, Role.NURSE)


@dataclass(frozen=True)
class QueueFilters:
    installation: str = ""
    professional: str = ""
    period_from: date | None = None
    period_until: date | None = None
    mode: str = ""
    min_age_days: int | None = None


def signatory_queue(
    context: SignatoryContext, filters: QueueFilters | None = None
) -> QuerySet[PaymentRequest]:
    """The requests waiting for this signatory, oldest first: under an association in force
    naming them, at an installation of their grant, inside the association's dates, never their
    own (issue #14's three rules, as a query; the decisions check them again)."""
    filters = filters or QueueFilters()
    if not context.grant_in_force or not context.associations:
        return PaymentRequest.objects.none()
    # The association's dates, without a join: open-ended ones together, each bounded one with
    # its end (a request's period must end by then).
    open_ended = [pk for pk, (_start, end) in context.associations.items() if end is None]
    within = Q(association_id__any_of=open_ended)
    for pk, (_start, end) in context.associations.items():
        if end is not None:
            within |= Q(association_id=pk, period_end__lte=end)
    queue = PaymentRequest.objects.filter(
        within, status=Status.AWAITING, installation_id__any_of=context.installation_ids
    ).exclude(professional_id=context.user_id)
    if filters.installation:
        queue = queue.filter(installation__number=filters.installation)
    if filters.professional:
        text = filters.professional.strip()
        queue = queue.filter(
            Q(professional__username__iexact=text)
            | Q(professional__practice_number=text)
            | Q(professional__last_name__icontains=text)
        )
    if filters.period_from:
        queue = queue.filter(period_end__gte=filters.period_from)
    if filters.period_until:
        queue = queue.filter(period_start__lte=filters.period_until)
    if filters.mode:
        queue = queue.filter(mode=filters.mode)
    if filters.min_age_days:
        queue = queue.filter(
            submitted_at__lte=timezone.now() - timedelta(days=filters.min_age_days)
        )
    return queue.order_by("submitted_at", "pk")


# The queue's columns, as its page shows them (the last one orders the queue with the id).
QUEUE_COLUMNS = (
    "pk",
    "reference",
    "professional__first_name",
    "professional__last_name",
    "professional__username",
    "installation__number",
    "period_start",
    "period_end",
    "mode",
    "total",
    "submitted_at",
)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
Position = tuple[datetime, int]


def queue_page(
    queue: QuerySet[PaymentRequest], *, after: Position | None, size: int
) -> list[tuple[Any, ...]]:
    """Up to ``size + 1`` rows of ``queue`` (oldest first) that come after ``after``: one more
    than a page tells whether another page follows, without counting the whole queue."""
    if after is not None:
        at, pk = after
        queue = queue.filter(Q(submitted_at__gt=at) | Q(submitted_at=at, pk__gt=pk))
    return list(queue.values_list(*QUEUE_COLUMNS)[: size + 1])


def queue_position_format(submitted_at: datetime, pk: int) -> str:
    """Where a page ends, for the « Page suivante » link: microseconds since 1970 and the id."""
    return f"{(submitted_at - EPOCH) // timedelta(microseconds=1)}-{pk}"


def queue_position_parse(text: str) -> Position | None:
    """The position ``queue_position_format`` wrote; None (the first page) for anything else."""
    micros, _, pk = text.partition("-")
    if not (micros.isdigit() and pk.isdigit() and len(micros) <= 18 and len(pk) <= 18):
        return None
    try:
        return EPOCH + timedelta(microseconds=int(micros)), int(pk)
    except OverflowError:
        return None


def queue_request(context: SignatoryContext, reference: str) -> PaymentRequest:
    """One request of the signatory's queue, with its lines; 404 alike for a missing one and
    one outside the queue (another establishment's, their own, a decided one)."""
    found = (
        signatory_queue(context)
        .filter(reference=reference)
        .select_related("professional", "installation")
        .first()
    )
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class Selection:
    ids: list[int]
    count: int
    total: Decimal


def queue_selection(context: SignatoryContext, ids: list[int]) -> Selection:
    """The chosen requests that are in the queue: what the bulk confirmation shows."""
    chosen = signatory_queue(context).filter(pk__in=ids)
    found = chosen.aggregate(count=Count("pk"), total=Sum("total"))
    return Selection(
        ids=sorted(chosen.values_list("pk", flat=True)),
        count=found["count"] or 0,
        total=found["total"] or Decimal(0),
    )


def associations_in_scope(user: User, *, search: str = "") -> QuerySet[Association]:
    """The associations at the installations of the user's *Association* grant."""
    installations = installations_in_scope(user, ASSOCIATION)
    associations = Association.objects.filter(installation__in=installations)
    if search.strip():
        text = search.strip()
        associations = associations.filter(
            Q(professional__username__iexact=text)
            | Q(professional__practice_number=text)
            | Q(professional__last_name__icontains=text)
            | Q(professional__first_name__icontains=text)
            | Q(installation__number=text)
        )
    return associations.select_related("professional", "installation", "signatory__user").order_by(
        "installation__number", "professional__last_name", "valid_from", "pk"
    )


def association_in_scope(user: User, association_id: int) -> Association:
    found = associations_in_scope(user).filter(pk=association_id).first()
    if found is None:
        raise Http404
    return found


def professional_by_number_or_username(text: str) -> User | None:
    """A professional found by practice number or username (IP…)."""
    text = text.strip().upper()
    if not text:
        return None
    return (
        User.objects.filter(role__in=PROFESSIONAL_ROLES, is_active=True)
        .filter(Q(username=text) | Q(practice_number=text))
        .first()
    )


def professionals_search(text: str) -> list[User]:
    """Professionals by number or name, for the *Association* form (at most 20)."""
    text = text.strip()
    if len(text) < 2:
        return []
    return list(
        User.objects.filter(role__in=PROFESSIONAL_ROLES, is_active=True)
        .filter(
            Q(username__iexact=text)
            | Q(practice_number=text)
            | Q(last_name__icontains=text)
            | Q(first_name__icontains=text)
        )
        .order_by("last_name", "first_name")[:20]
    )


def own_payment_requests(user: User) -> QuerySet[PaymentRequest]:
    """The professional's requests, newest first, with who decided."""
    return (
        PaymentRequest.objects.filter(professional=user)
        .select_related("installation", "decided_by")
        .order_by("-submitted_at", "-pk")
    )


def association_installations(user: User) -> QuerySet[Installation]:
    """The installations the *Association* grants in force of this account open (seed 003's
    scope), by number."""
    return installations_in_scope(user, ASSOCIATION).order_by("number")


def professional_by_practice_number(practice_number: str) -> User | None:
    """The active professional's account of a practice number (software names them by it)."""
    return (
        User.objects.filter(
            practice_number=practice_number.strip(), role__in=PROFESSIONAL_ROLES, is_active=True
        )
        .order_by("pk")
        .first()
    )


def professional_associated_at(professional: User, installation: Installation) -> bool:
    """An association in force today names this professional at this installation (its
    signatory's entry in the register still open)."""
    return (
        Association.objects.in_force_on(timezone.localdate())
        .filter(
            professional=professional,
            installation=installation,
            signatory__ended_at__isnull=True,
        )
        .exists()
    )


# --- agents (read-only, every read audited) ----------------------------------------------------


def _audited(agent: User, request: HttpRequest | None, what: str, **details: object) -> None:
    record(
        action=Action.ESTABLISHMENT_DATA_READ,
        actor=agent,
        request=request,
        details={"read": what, **details},
    )


def establishments_for_agent(
    agent: User, *, search: str, request: HttpRequest | None
) -> list[Establishment]:
    text = search.strip()
    found = Establishment.objects.annotate(installation_count=Count("installations"))
    if text:
        found = found.filter(
            Q(number=text) | Q(name__icontains=text) | Q(installations__number=text)
        )
    result: list[Establishment] = list(found.distinct().order_by("number")[:100])
    _audited(agent, request, "establishments", search=text[:50], count=len(result))
    return result


# How many requests an agent's page lists at most (the oldest waiting, the newest decided).
AGENT_LIST_SIZE = 200


@dataclass(frozen=True)
class EstablishmentView:
    establishment: Establishment
    signatories: list[Signatory]
    associations: list[Association]
    waiting_by_signatory: dict[int, int]
    # Submitted at its installations with no association to cover them: in no signatory's queue.
    without_signatory: list[PaymentRequest]


def establishment_for_agent(
    agent: User, number: str, *, request: HttpRequest | None
) -> EstablishmentView:
    """The register, associations and queue sizes of one establishment."""
    establishment = Establishment.objects.filter(number=number).select_related("cluster").first()
    if establishment is None:
        raise Http404
    signatories = list(
        establishment.signatories.select_related("user", "recorded_by", "access_request").order_by(
            "ended_at", "user__last_name", "pk"
        )
    )
    associations = list(
        Association.objects.filter(installation__establishment=establishment)
        .select_related("professional", "installation", "signatory__user")
        .order_by("installation__number", "professional__last_name", "valid_from")
    )
    waiting = {
        row["association__signatory"]: row["waiting"]
        for row in PaymentRequest.objects.filter(
            status=Status.AWAITING, association__signatory__establishment=establishment
        )
        .values("association__signatory")
        .annotate(waiting=Count("pk"))
    }
    without_signatory = list(
        PaymentRequest.objects.filter(
            status=Status.SUBMITTED, installation__establishment=establishment
        )
        .select_related("professional", "installation")
        .order_by("submitted_at", "pk")[:AGENT_LIST_SIZE]
    )
    _audited(agent, request, "establishment", establishment=establishment.number)
    return EstablishmentView(establishment, signatories, associations, waiting, without_signatory)


@dataclass(frozen=True)
class AssociationView:
    association: Association
    history: list[AssociationChange]
    payment_requests: list[PaymentRequest]


def association_for_agent(
    agent: User, association_id: int, *, request: HttpRequest | None
) -> AssociationView:
    """One association as the agent sees it: its history (creation, each change with before
    and after, its end, who and when) and the requests submitted under it, newest first."""
    association = (
        Association.objects.filter(pk=association_id)
        .select_related(
            "professional",
            "installation__establishment",
            "signatory__user",
            "created_by",
            "ended_by",
        )
        .first()
    )
    if association is None:
        raise Http404
    history = list(association.history.select_related("actor"))
    payment_requests = list(
        association.payment_requests.select_related("decided_by").order_by("-submitted_at", "-pk")[
            :AGENT_LIST_SIZE
        ]
    )
    _audited(agent, request, "association", association=association.pk)
    return AssociationView(association, history, payment_requests)


def queue_for_agent(
    agent: User, signatory_id: int, *, request: HttpRequest | None
) -> tuple[Signatory, list[PaymentRequest]]:
    """A signatory's waiting requests as the agent sees them (first 200, oldest first)."""
    signatory = (
        Signatory.objects.filter(pk=signatory_id).select_related("user", "establishment").first()
    )
    if signatory is None:
        raise Http404
    waiting = list(
        PaymentRequest.objects.filter(status=Status.AWAITING, association__signatory=signatory)
        .select_related("professional", "installation")
        .order_by("submitted_at", "pk")[:AGENT_LIST_SIZE]
    )
    _audited(agent, request, "queue", signatory=signatory.pk)
    return signatory, waiting


def request_history_for_agent(
    agent: User, reference: str, *, request: HttpRequest | None
) -> PaymentRequest:
    found = (
        PaymentRequest.objects.filter(reference=reference.strip().upper())
        .select_related(
            "professional",
            "installation__establishment",
            "decided_by",
            "association__signatory__user",
        )
        .first()
    )
    if found is None:
        raise Http404
    _audited(agent, request, "request", request_id=found.pk)
    return found


# --- the agents' work queues (the agent's home page and the pages it links to) ----------------


def access_requests_to_register() -> QuerySet[AccessRequest]:
    """The accepted access requests for « Autorisation des demandes de paiement en ligne »
    whose person the register does not name yet (issue #14: the register is kept « from the
    access request that designated the signatory »), the longest accepted first. A person whose
    entry in force predates the link (recorded with a typed reference, or none) is not listed
    again: the register already names them."""
    unlinked = Signatory.objects.filter(
        user=OuterRef("account"), access_request__isnull=True, ended_at__isnull=True
    )
    return (
        establishment_requests_approved_for(AUTHORIZATION)
        .filter(signatory_entries__isnull=True)
        .exclude(Exists(unlinked))
        .order_by("decided_at", "pk")
    )


def register_entry(signatory_id: int) -> Signatory:
    """One entry of the register, for the agents who keep it; 404 when there is none."""
    found = (
        Signatory.objects.filter(pk=signatory_id)
        .select_related("user", "establishment__cluster", "access_request")
        .first()
    )
    if found is None:
        raise Http404
    return found


def signatories_without_access_request() -> QuerySet[Signatory]:
    """The register's entries in force made before entries named their access request: each
    waits for an agent to link it (the oldest first)."""
    return (
        Signatory.objects.filter(access_request__isnull=True, ended_at__isnull=True)
        .select_related("user", "establishment")
        .order_by("recorded_at", "pk")
    )


def access_requests_designating(user: User) -> QuerySet[AccessRequest]:
    """The accepted access requests for « Autorisation des demandes de paiement en ligne »
    that name ``user``: those an entry of the register made before the link may be linked to."""
    return (
        establishment_requests_approved_for(AUTHORIZATION)
        .filter(account=user)
        .order_by("-decided_at", "-pk")
    )


def payment_requests_awaiting_authorization() -> QuerySet[PaymentRequest]:
    """Every request waiting for a signatory's decision, whatever the establishment."""
    return PaymentRequest.objects.filter(status=Status.AWAITING)


def payment_requests_without_signatory() -> QuerySet[PaymentRequest]:
    """The requests submitted that no association covers yet: they wait in no queue."""
    return PaymentRequest.objects.filter(status=Status.SUBMITTED)


@dataclass(frozen=True)
class EstablishmentWaiting:
    number: str
    name: str
    awaiting: int
    without_signatory: int
    oldest: datetime | None


def waiting_by_establishment() -> list[EstablishmentWaiting]:
    """Per establishment, the requests awaiting authorization and those no association covers,
    with the oldest's submission (the agents' overview; no personal data)."""
    rows = (
        PaymentRequest.objects.filter(status__in=[Status.AWAITING, Status.SUBMITTED])
        .values("installation__establishment__number", "installation__establishment__name")
        .annotate(
            awaiting=Count("pk", filter=Q(status=Status.AWAITING)),
            without_signatory=Count("pk", filter=Q(status=Status.SUBMITTED)),
            oldest=Min("submitted_at"),
        )
        .order_by("oldest")
    )
    return [
        EstablishmentWaiting(
            number=row["installation__establishment__number"],
            name=row["installation__establishment__name"],
            awaiting=row["awaiting"],
            without_signatory=row["without_signatory"],
            oldest=row["oldest"],
        )
        for row in rows
    ]
