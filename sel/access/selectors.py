from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, Min, Q, QuerySet
from django.utils import timezone

from sel.access.models import AccessRequest, FormFamily, FormType, Grant, grant_valid_on
from sel.accounts.models import Role, User

# The user of a request: an account, or an anonymous visitor (the selectors answer both).
AnyUser = User | AnonymousUser


def grants_ending_soon(user: AnyUser) -> list[Grant]:
    """The account's grants in force today that end within ``ACCESS_EXPIRY_REMINDER_DAYS`` (the
    horizon of the emailed reminder), soonest first."""
    if not user.is_authenticated:
        return []
    today = timezone.localdate()
    horizon = today + timedelta(days=settings.ACCESS_EXPIRY_REMINDER_DAYS)
    return list(
        Grant.objects.valid_on(today)
        .filter(user=user, valid_until__lte=horizon)
        .select_related("online_service")
        .order_by("valid_until", "pk")
    )


def grant_of_user_to_renew(user: AnyUser, pk: int) -> Grant | None:
    """One of the account's own grants, not withdrawn, to renew from the home page; None alike
    for someone else's grant and for one that does not exist."""
    if not user.is_authenticated:
        return None
    return (
        Grant.objects.filter(pk=pk, user=user, revoked_at__isnull=True)
        .select_related("user", "online_service", "access_request__form_version__form_type")
        .first()
    )


def renewal_form_type(grant: Grant) -> FormType | None:
    """The form that renews ``grant``: the one it was requested with while that form is still
    offered with a current version, else an offered form granting its service (professionals'
    first)."""
    request = grant.access_request
    if request is not None:
        form_type = request.form_type
        if form_type.is_active and form_type.current_version() is not None:
            return form_type
    for form_type in FormType.objects.filter(
        is_active=True, online_services=grant.online_service
    ).order_by("position", "code"):
        if form_type.current_version() is not None:
            return form_type
    return None


def grants_valid_for(user: AnyUser) -> list[Grant]:
    """The account's grants in force today, with their services."""
    if not user.is_authenticated:
        return []
    return list(
        Grant.objects.valid_on(timezone.localdate())
        .filter(user=user)
        .select_related("online_service")
    )


def grants_of_service_valid_for(user: AnyUser, service_code: str) -> list[Grant]:
    """The account's grants in force today for one service, each with the request it came from
    (the organization it was given for), soonest end first."""
    if not user.is_authenticated:
        return []
    return list(
        Grant.objects.valid_on(timezone.localdate())
        .filter(user=user, online_service__code=service_code)
        .select_related("online_service", "access_request")
        .order_by("valid_until", "pk")
    )


# Set on a request's user object by ``service_required`` once the grant is checked: that object is
# loaded afresh for each request, so the mark never outlives the request that checked the grant.
CHECKED_SERVICES = "_sel_services_checked"


def mark_service_checked(user: AnyUser, service_code: str) -> None:
    """Record on this request's user that ``user_has_service`` just answered yes."""
    checked: frozenset[str] = getattr(user, CHECKED_SERVICES, frozenset())
    setattr(user, CHECKED_SERVICES, checked | {service_code})


def service_checked(user: AnyUser, service_code: str) -> bool:
    """Whether ``service_required`` already found a grant in force for this request's user."""
    return service_code in getattr(user, CHECKED_SERVICES, frozenset())


def grants_opening(service_code: str, *, user_id: int) -> QuerySet[Grant]:
    """The grants that open ``service_code`` to the account ``user_id`` today: in force
    (``grant_valid_on``, the rule ``Grant.objects.valid_on`` applies) and for an offered service.
    Read afresh by every caller: a withdrawn grant closes access at the next statement."""
    return _grants_of_offered(service_code).filter(
        grant_valid_on(timezone.localdate()), user_id=user_id
    )


@functools.cache
def _grants_of_offered(service_code: str) -> QuerySet[Grant]:
    """Every grant of an offered ``service_code``, its join set up once per process (as a
    generic view's ``queryset``): each check filters a copy and reads it afresh."""
    return Grant.objects.filter(online_service__code=service_code, online_service__is_active=True)


def service_granted(user: User, service_code: str) -> Exists:
    """The grant check as a subquery, for a read that decides it in its own statement."""
    return Exists(grants_opening(service_code, user_id=user.pk))


def user_has_service(user: AnyUser, service_code: str) -> bool:
    """A grant is what opens a service: valid today, not withdrawn, for an active account and an
    offered service (``grants_opening``). Asked again in the request that ``service_required``
    let through, it answers without a query."""
    if not user.is_authenticated or not user.is_active:
        return False
    if service_checked(user, service_code):
        return True
    return grants_opening(service_code, user_id=user.pk).exists()


def form_types_offered() -> QuerySet[FormType]:
    """The forms a user may fill online today, with their applications."""
    return FormType.objects.filter(is_active=True).prefetch_related("online_services")


def access_request_status(*, reference: str, email: str) -> AccessRequest | None:
    """The request with this reference whose user or authorizer has this email; None alike for
    a wrong reference and a wrong email."""
    email = email.strip().lower()
    return (
        AccessRequest.objects.filter(reference__iexact=reference.strip())
        .filter(Q(user_email__iexact=email) | Q(auth_email__iexact=email))
        .first()
    )


@dataclass(frozen=True)
class ProcessingDate:
    form_type: FormType
    oldest_received_at: datetime | None
    waiting: int


def processing_dates() -> list[ProcessingDate]:
    """Seed 004, « tableau des dates de traitement des demandes »: per form type, the receipt
    date of the oldest request the Régie is processing now, computed from the queue."""
    rows = {
        row["form_version__form_type"]: row
        for row in AccessRequest.objects.filter(status=AccessRequest.Status.SUBMITTED)
        .values("form_version__form_type")
        .annotate(oldest=Min("received_at"), waiting=Count("pk"))
    }
    return [
        ProcessingDate(
            form_type=form_type,
            oldest_received_at=rows[form_type.pk]["oldest"] if form_type.pk in rows else None,
            waiting=rows[form_type.pk]["waiting"] if form_type.pk in rows else 0,
        )
        for form_type in FormType.objects.filter(is_active=True)
    ]


def agent_queue() -> QuerySet[AccessRequest]:
    """Section 4: the requests waiting for the Régie, oldest receipt first."""
    return (
        AccessRequest.objects.filter(status=AccessRequest.Status.SUBMITTED)
        .select_related("form_version__form_type")
        .order_by("received_at", "pk")
    )


def grants_of_username(username: str) -> list[Grant]:
    """Every grant of one account, in force or not, newest first (agents' withdrawal page)."""
    return list(
        Grant.objects.filter(user__username__iexact=username)
        .select_related("user", "online_service")
        .order_by("-created_at")
    )


# The accounts that may authorize by practice number (seed 001, section 3: « un pharmacien
# propriétaire ou un professionnel de la santé »; seed 003's GMF physicians).
AUTHORIZER_ROLES = (Role.PHARMACIST, Role.PRESCRIBER, Role.PROFESSIONAL)


def authorizer_accounts(access_request: AccessRequest) -> list[User]:
    """The active professional accounts holding the request's section 3 practice number, as the
    authorizer gave it or as the agent completed it: whom the agent's review shows as the
    authorizer, and whom approval links a 4313 user to."""
    number = access_request.auth_practice_number_known
    if not number:
        return []
    return list(
        User.objects.filter(practice_number=number, is_active=True, role__in=AUTHORIZER_ROLES)
    )


@dataclass(frozen=True)
class EstablishmentGrantScope:
    """Where an establishment's grant applies (seed 003, section 1 « Description des services en
    ligne demandés »): ``scope`` is ``some`` (the installation numbers of section 5), ``all``
    (every installation of the establishment numbered ``organization_number``) or ``optilab``
    (the cluster numbered ``organization_number``); empty when the grant came from no
    establishments' request."""

    grant_id: int
    scope: str
    organization_number: str
    establishment_numbers: tuple[str, ...]


def establishment_grant_scopes(user: AnyUser, service_code: str) -> list[EstablishmentGrantScope]:
    """The scope of each of the account's grants in force today for ``service_code`` (an
    offered service), read from the access request that gave it. The only read of grants by
    service outside this app's own (sel/establishments relies on it)."""
    if not user.is_authenticated or not user.is_active:
        return []
    rows = (
        Grant.objects.valid_on(timezone.localdate())
        .filter(user=user, online_service__code=service_code, online_service__is_active=True)
        .order_by("pk")
        .values_list(
            "pk",
            "access_request__scope",
            "access_request__organization_number_by_regie",
            "access_request__organization_number",
            "access_request__establishment_numbers",
        )
    )
    return [
        EstablishmentGrantScope(
            grant_id=pk,
            scope=scope or "",
            organization_number=by_regie or number or "",
            establishment_numbers=tuple(numbers or ()),
        )
        for pk, scope, by_regie, number, numbers in rows
    ]


def establishment_access_request_by_reference(reference: str) -> AccessRequest | None:
    """An establishments' access request by its reference (any status), with its services: the
    request an agent names when recording a signatory in the register (sel/establishments)."""
    reference = reference.strip().upper()
    if not reference:
        return None
    return (
        AccessRequest.objects.filter(
            reference=reference, form_version__form_type__family=FormFamily.ESTABLISHMENT
        )
        .select_related("account")
        .prefetch_related("online_services")
        .first()
    )


def establishment_requests_approved_for(service_code: str) -> QuerySet[AccessRequest]:
    """The accepted establishments' access requests asking for ``service_code``, with the
    account they gave (sel/establishments: the signatories the register still lacks)."""
    return AccessRequest.objects.filter(
        status=AccessRequest.Status.APPROVED,
        form_version__form_type__family=FormFamily.ESTABLISHMENT,
        online_services__code=service_code,
        account__isnull=False,
    ).select_related("account")
