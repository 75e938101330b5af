"""Who may do what in the establishments' applications: the installations a grant opens, and the
one door to a payment request (missing and out of scope answer the same 404)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sel.access.models import ServiceCode
from sel.access.selectors import (
    EstablishmentGrantScope,
    establishment_grant_scopes,
    user_has_service,
)
from sel.accounts.models import User
from sel.establishments.context_cache import (
    GENERATION_KEY,
    KEPT_SECONDS,
    context_key,
    generation_current,
)
from sel.establishments.models import Association, Installation, PaymentRequest

AUTHORIZATION = ServiceCode.ONLINE_PAYMENT_AUTHORIZATION
ASSOCIATION = ServiceCode.AUTHORIZER_PROFESSIONAL_ASSOCIATION
PAYMENT_REQUESTS = ServiceCode.PAYMENT_REQUESTS


def _scope_condition(user: User, service_code: str, prefix: str = "") -> Q:
    """The installations the account's grants in force for ``service_code`` open (seed 003's
    scope): listed installations, every installation of the establishment, or of every
    establishment of the OPTILAB cluster. None for a grant whose scope is unknown. ``prefix``
    reaches the installation from another model (``installation__``)."""
    condition = Q(pk__in=[]) if not prefix else Q(**{f"{prefix}pk__in": []})
    for grant in establishment_grant_scopes(user, service_code):
        if grant.scope == "some":
            condition |= Q(**{f"{prefix}number__in": grant.establishment_numbers})
        elif grant.scope == "all" and grant.organization_number:
            condition |= Q(**{f"{prefix}establishment__number": grant.organization_number})
        elif grant.scope == "optilab" and grant.organization_number:
            condition |= Q(**{f"{prefix}establishment__cluster__number": grant.organization_number})
    return condition


def installations_in_scope(user: User, service_code: str) -> QuerySet[Installation]:
    """The installations the account's grants in force for ``service_code`` open."""
    return Installation.objects.filter(_scope_condition(user, service_code)).select_related(
        "establishment"
    )


def access_own_payment_request(user: User, reference: str) -> PaymentRequest:
    """The professional's own request; 404 alike for another's and a missing one."""
    found = (
        PaymentRequest.objects.filter(professional=user, reference=reference)
        .select_related("installation__establishment", "decided_by")
        .first()
    )
    if found is None:
        raise Http404
    return found


Period = tuple[date, date | None]


@dataclass(frozen=True)
class SignatoryContext:
    """What a signatory's queue and decisions need, read once per request: whether the grant is
    in force, the installations it opens, and the periods of the associations naming them in
    force today (by association id)."""

    user_id: int
    grant_in_force: bool
    installation_ids: frozenset[int]
    associations: dict[int, Period]


def _in_scope(grants: list[EstablishmentGrantScope], numbers: tuple[str, str, str | None]) -> bool:
    """The same scope as ``_scope_condition``, for one installation's numbers (installation,
    establishment, cluster)."""
    installation, establishment, cluster = numbers
    return any(
        (grant.scope == "some" and installation in grant.establishment_numbers)
        or (grant.scope == "all" and establishment == grant.organization_number)
        or (
            grant.scope == "optilab"
            and cluster is not None
            and cluster == grant.organization_number
        )
        for grant in grants
    )


def _in_force(start: date, end: date | None, today: date) -> bool:
    return start <= today and (end is None or end >= today)


def signatory_context(user: User) -> SignatoryContext:
    """Two reads: the grants with their scope, then the associations naming the signatory, kept
    when they, and the signatory's entry in the register, are in force today and their
    installation is in the grants' scope (the queue's first page reads it on every visit: the
    conditions are checked here rather than compiled into the query)."""
    today = timezone.localdate()
    grants = establishment_grant_scopes(user, AUTHORIZATION)
    rows = Association.objects.filter(
        signatory__user_id=user.pk, signatory__ended_at__isnull=True, ended_at__isnull=True
    ).values_list(
        "pk",
        "valid_from",
        "valid_until",
        "signatory__valid_from",
        "signatory__valid_until",
        "installation_id",
        "installation__number",
        "installation__establishment__number",
        "installation__establishment__cluster__number",
    )
    associations: dict[int, Period] = {}
    installations: set[int] = set()
    for pk, start, end, entry_start, entry_end, installation, *numbers in rows:
        if (
            _in_force(start, end, today)
            and _in_force(entry_start, entry_end, today)
            and _in_scope(grants, (numbers[0], numbers[1], numbers[2]))
        ):
            associations[pk] = (start, end)
            installations.add(installation)
    return SignatoryContext(
        user_id=user.pk,
        grant_in_force=bool(grants) and user_has_service(user, AUTHORIZATION),
        installation_ids=frozenset(installations),
        associations=associations,
    )


CONTEXT_SHAPE = ",".join(field.name for field in fields(SignatoryContext))


def signatory_context_kept(user: User) -> SignatoryContext:
    """``signatory_context``, kept in the cache until what it is read from changes
    (``context_cache``): one cache read when nothing did. For the queue's pages; a decision
    reads the context afresh inside its transaction."""
    key = context_key(user.pk, timezone.localdate(), CONTEXT_SHAPE)
    found = cache.get_many([key, GENERATION_KEY])
    generation, kept = found.get(GENERATION_KEY), found.get(key)
    if generation is not None and kept is not None and kept[0] == generation:
        return kept[1]
    if generation is None:
        generation = generation_current()
    # The generation is read before the context: a write that commits in between starts a
    # newer one, and this context is not used after it.
    context = signatory_context(user)
    cache.set(key, (generation, context), KEPT_SECONDS)
    return context
