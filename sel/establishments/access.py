"""Who may do what in the establishments' applications: the installations a grant opens, and the
one door to a payment request (missing and out of scope answer the same 404)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sel.access.models import ServiceCode
from sel.access.selectors import establishment_grant_scopes, user_has_service
from sel.accounts.models import User
from sel.establishments.models import Association, Installation, PaymentRequest

AUTHORIZATION = ServiceCode.ONLINE_PAYMENT_AUTHORIZATION
ASSOCIATION = ServiceCode.AUTHORIZER_PROFESSIONAL_ASSOCIATION


def installations_in_scope(user: User, service_code: str) -> QuerySet[Installation]:
    """The installations the account's grants in force for ``service_code`` open (seed 003's
    scope): listed installations, every installation of the establishment, or of every
    establishment of the OPTILAB cluster. None for a grant whose scope is unknown."""
    condition = Q(pk__in=[])
    for grant in establishment_grant_scopes(user, service_code):
        if grant.scope == "some":
            condition |= Q(number__in=grant.establishment_numbers)
        elif grant.scope == "all" and grant.organization_number:
            condition |= Q(establishment__number=grant.organization_number)
        elif grant.scope == "optilab" and grant.organization_number:
            condition |= Q(establishment__cluster__number=grant.organization_number)
    return Installation.objects.filter(condition).select_related("establishment")


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


@dataclass(frozen=True)
class SignatoryContext:
    """What a signatory's queue and decisions need, read once per request: whether the grant is
    in force, the installations it opens, and the associations naming them in force today."""

    user_id: int
    grant_in_force: bool
    installation_ids: frozenset[int]
    associations: dict[int, Association]


def signatory_context(user: User) -> SignatoryContext:
    """Three reads: the grant (with its scope), the installations, the associations."""
    installations = frozenset(
        installations_in_scope(user, AUTHORIZATION).values_list("pk", flat=True)
    )
    today = timezone.localdate()
    associations = (
        {
            a.pk: a
            for a in Association.objects.in_force_on(today)
            .filter(
                signatory__user=user,
                signatory__ended_at__isnull=True,
                signatory__valid_from__lte=today,
                installation_id__in=installations,
            )
            .filter(Q(signatory__valid_until__isnull=True) | Q(signatory__valid_until__gte=today))
        }
        if installations
        else {}
    )
    return SignatoryContext(
        user_id=user.pk,
        grant_in_force=bool(installations) or user_has_service(user, AUTHORIZATION),
        installation_ids=installations,
        associations=associations,
    )
