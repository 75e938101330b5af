"""Reads of the B2B app. Every read of the register takes the calling client's environment, so
a training client reads the sandbox only and a production client never reads it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import F, OuterRef, Q, QuerySet
from django.utils import timezone

from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.b2b import grants
from sel.b2b.models import (
    OPEN_CLAIM_STATUSES,
    AidClaim,
    B2BClient,
    Coverage,
    Environment,
    InsuredPerson,
    Physician,
    Plan,
    Registration,
    SandboxPaymentRequest,
    SoftwareAuthorization,
    SoftwarePaymentRequest,
)
from sel.core.counters import counter_get
from sel.establishments.models import Installation


def client_scopes(client: B2BClient) -> list[str]:
    """The client's scopes: the B2B services its access request's grants open today."""
    return grants.services_in_force(client.access_request_id)


def client_token_refusal(client: B2BClient) -> str:
    """Why the client may get no token now ("" when it may)."""
    if client.revoked_at is not None:
        return "revoked"
    if client.secret_must_change:
        return "initial_secret"
    if not client_scopes(client):
        return "no_grant"
    return ""


@dataclass(frozen=True)
class Caller:
    """The client behind a bearer token, and what the token opens for this call."""

    client: B2BClient
    scopes: frozenset[str]
    granted: bool  # a grant in force opens the service asked (or any, for the no-op call)


def caller_for_token(token: str, *, service: str | None) -> Caller | None:
    """The client of a live token, in one statement: the token unexpired, its client not
    revoked, and whether a grant in force today still opens ``service`` (any B2B service when
    None). None for an unknown, expired or revoked token."""
    from oauth2_provider.models import get_access_token_model

    checksum = hashlib.sha256(token.encode("utf-8")).hexdigest()
    request_ref = OuterRef("application__b2b_client__access_request_id")
    granted = (
        grants.service_in_force_exists(request_ref, service)
        if service is not None
        else grants.any_service_in_force_exists(request_ref)
    )
    row = (
        get_access_token_model()
        .objects.filter(
            token_checksum=checksum,
            expires__gt=timezone.now(),
            application__b2b_client__revoked_at__isnull=True,
        )
        .select_related("application__b2b_client")
        .annotate(granted=granted)
        .only(
            "scope",
            "application__client_id",
            "application__b2b_client__id",
            "application__b2b_client__environment",
            "application__b2b_client__access_request_id",
            "application__b2b_client__it_lead_id",
            "application__b2b_client__last_used_at",
            "application__b2b_client__revoked_at",
        )
        .first()
    )
    if row is None:
        return None
    return Caller(
        client=row.application.b2b_client,
        scopes=frozenset(row.scope.split()),
        granted=bool(row.granted),
    )


def calls_this_month_key(client_id: int, day: date | None = None) -> str:
    day = day or timezone.localdate()
    return f"b2b-calls:{client_id}:{day:%Y-%m}"


@dataclass(frozen=True)
class ClientRow:
    client: B2BClient
    scopes: list[str]
    calls_this_month: int

    @property
    def status(self) -> str:
        if self.client.revoked_at is not None:
            return "revoked"
        if not self.scopes:
            return "no_grant"
        if self.client.secret_must_change:
            return "initial_secret"
        return "active"


def _rows(clients: QuerySet[B2BClient]) -> list[ClientRow]:
    return [
        ClientRow(client, client_scopes(client), counter_get(calls_this_month_key(client.pk)))
        for client in clients.select_related("application", "access_request", "it_lead")
    ]


def clients_of_it_lead(user: User) -> list[ClientRow]:
    """The clients whose IT lead is this account (its page in the portal)."""
    return _rows(B2BClient.objects.filter(it_lead=user))


def clients_for_agents(*, search: str = "") -> list[ClientRow]:
    """Every client, newest first, optionally those of an organization or client id."""
    clients = B2BClient.objects.all()
    if search:
        clients = clients.filter(
            Q(organization_name__icontains=search) | Q(application__client_id=search)
        )
    return _rows(clients[:200])


def client_of_it_lead(user: User, pk: int) -> B2BClient | None:
    """One client of this IT lead; None alike for another's and a missing one."""
    return B2BClient.objects.select_related("application").filter(it_lead=user, pk=pk).first()


def client_practice_numbers(client: B2BClient) -> frozenset[str]:
    return frozenset(client.practices.values_list("practice_number", flat=True))


# --- 4123 eligibility ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Eligibility:
    found: bool
    health_covered: bool = False
    health_ends_on: date | None = None
    drug_covered: bool = False
    drug_ends_on: date | None = None
    identity_matches: bool | None = None  # None: no identity given


def _same(a: str, b: str) -> bool:
    from sel.b2b.rules import name_key

    return name_key(a) == name_key(b)


def eligibility(
    *,
    environment: str,
    nam: str,
    service_date: date,
    last_name: str = "",
    first_name: str = "",
    birth_date: date | None = None,
) -> Eligibility:
    """Form 4123: whether the person is covered on the date by each plan, until when, and
    whether the identity given agrees with the NAM; nothing else about the person. One
    statement: the person's coverage periods with their identity (the high-volume call)."""
    rows = list(
        Coverage.objects.filter(person__environment=environment, person__nam=nam).values_list(
            "plan",
            "starts_on",
            "ends_on",
            "person__last_name",
            "person__first_name",
            "person__birth_date",
        )
    )
    if not rows:
        identity_row = (
            InsuredPerson.objects.filter(environment=environment, nam=nam)
            .values_list("last_name", "first_name", "birth_date")
            .first()
        )
        if identity_row is None:
            return Eligibility(found=False)
        known = identity_row
    else:
        known = rows[0][3:]
    ends: dict[str, date | None] = {}
    for plan, starts_on, ends_on, *_identity in rows:
        if starts_on > service_date or (ends_on is not None and ends_on < service_date):
            continue
        latest = ends.get(plan, date.min)
        if latest is not None and (ends_on is None or ends_on > latest):
            ends[plan] = ends_on  # the latest end of the periods covering the date (None: open)
    identity: bool | None = None
    if last_name or first_name or birth_date:
        identity = (
            (not last_name or _same(last_name, known[0]))
            and (not first_name or _same(first_name, known[1]))
            and (birth_date is None or birth_date == known[2])
        )
    return Eligibility(
        found=True,
        health_covered=Plan.HEALTH in ends,
        health_ends_on=ends.get(Plan.HEALTH),
        drug_covered=Plan.DRUG in ends,
        drug_ends_on=ends.get(Plan.DRUG),
        identity_matches=identity,
    )


# --- 4444 family doctor --------------------------------------------------------------------------


def person_by_nam(*, environment: str, nam: str) -> InsuredPerson | None:
    return InsuredPerson.objects.filter(environment=environment, nam=nam).first()


def family_physician(*, environment: str, nam: str) -> Physician | bool | None:
    """Form 4444: the person's family physician today; None when they have none, False when the
    NAM is unknown in this environment."""
    person = person_by_nam(environment=environment, nam=nam)
    if person is None:
        return False
    registration = (
        Registration.objects.filter(person=person, ended_on__isnull=True)
        .select_related("physician")
        .first()
    )
    return registration.physician if registration is not None else None


# --- 4058 clientele ------------------------------------------------------------------------------


def physician_by_number(*, environment: str, practice_number: str) -> Physician | None:
    return Physician.objects.filter(
        environment=environment, practice_number=practice_number
    ).first()


def clientele_page(*, physician: Physician, after: int, limit: int) -> list[Registration]:
    """One page of the physician's registrations, open and ended (a move to another physician
    shows here as ended), in a stable order: ``after`` is the last id of the previous page."""
    return list(
        Registration.objects.filter(physician=physician, id__gt=after)
        .select_related("person")
        .only(
            "id",
            "public_id",
            "consent_date",
            "registered_at",
            "ended_on",
            "end_reason",
            "person__nam",
        )
        .order_by("id")[: limit + 1]
    )


def registration_of_physician(*, physician: Physician, public_id: str) -> Registration | None:
    return (
        Registration.objects.filter(physician=physician, public_id=public_id)
        .select_related("person")
        .first()
    )


# --- 4134 SELAT ----------------------------------------------------------------------------------


def claim_of_client(*, client: B2BClient, public_id: str) -> AidClaim | None:
    """A claim this client submitted; None alike for another client's and a missing one."""
    return (
        AidClaim.objects.filter(client=client, environment=client.environment, public_id=public_id)
        .select_related("aid", "person")
        .first()
    )


@dataclass(frozen=True)
class ClaimFilters:
    """What the agents' SELAT queue shows: open claims (``status`` "open") or one status, of one
    environment (production unless the « formation » filter is chosen), of a dispenser (its
    organization's name or its client id), received between two dates."""

    status: str = "open"
    environment: str = Environment.PRODUCTION
    dispenser: str = ""
    received_from: date | None = None
    received_until: date | None = None


def claims_queue(filters: ClaimFilters | None = None) -> QuerySet[AidClaim]:
    """The SELAT claims for the agents who process them (the caller's gate checks the
    permission), oldest first. By default the open production claims: training claims move on
    the sandbox's schedule (``sel.b2b.sandbox``) and show only under their filter."""
    filters = filters or ClaimFilters()
    claims = AidClaim.objects.filter(environment=filters.environment)
    if filters.status == "open":
        claims = claims.filter(status__in=OPEN_CLAIM_STATUSES)
    else:
        claims = claims.filter(status=filters.status)
    if filters.dispenser:
        claims = claims.filter(
            Q(client__organization_name__icontains=filters.dispenser)
            | Q(client__application__client_id=filters.dispenser)
        )
    tz = timezone.get_current_timezone()
    if filters.received_from is not None:
        start = datetime.combine(filters.received_from, time.min, tzinfo=tz)
        claims = claims.filter(created_at__gte=start)
    if filters.received_until is not None:
        end = datetime.combine(filters.received_until + timedelta(days=1), time.min, tzinfo=tz)
        claims = claims.filter(created_at__lt=end)
    return claims.select_related("aid", "client__application").order_by("created_at", "pk")


def claim_history(claim: AidClaim) -> QuerySet[AuditEvent]:
    """The claim's moves (taken, accepted, refused), oldest first, with the agent of each (none
    for the sandbox's schedule): read from the audit trail, which records each one."""
    return (
        AuditEvent.objects.filter(
            target_type=AidClaim._meta.label_lower,
            target_id=str(claim.pk),
            action__in=[
                Action.B2B_CLAIM_TAKEN.value,
                Action.B2B_CLAIM_ACCEPTED.value,
                Action.B2B_CLAIM_REFUSED.value,
            ],
        )
        .select_related("actor")
        .order_by("occurred_at", "pk")
    )


def claim_coverage(claim: AidClaim) -> Eligibility:
    """What the agent needs to know about the person to decide: whether they were covered on
    the aid's date (form 4123's answer), not their name or birth date."""
    return eligibility(
        environment=claim.environment, nam=claim.person.nam, service_date=claim.service_date
    )


# --- payment requests sent by software (issue #14) ----------------------------------------------


def installation_authorized_for(client: B2BClient, installation: Installation) -> bool:
    """An establishment's authorization of this client for this installation is in force."""
    return SoftwareAuthorization.objects.filter(
        client=client, installation=installation, ended_at__isnull=True
    ).exists()


def software_authorizations_for(user: User) -> QuerySet[SoftwareAuthorization]:
    """The authorizations of software for the installations of this *Association* user's scope,
    in force first, then ended, newest first."""
    from sel.establishments.selectors import association_installations

    return (
        SoftwareAuthorization.objects.filter(installation__in=association_installations(user))
        .select_related("client__application", "installation", "authorized_by", "ended_by")
        .order_by(F("ended_at").desc(nulls_first=True), "-authorized_at", "-pk")
    )


def payment_request_link_of_client(
    client: B2BClient, reference: str
) -> SoftwarePaymentRequest | None:
    """A production request this client submitted, by its reference (None for any other)."""
    return (
        SoftwarePaymentRequest.objects.filter(client=client, payment_request__reference=reference)
        .select_related(
            "payment_request__installation",
            "payment_request__professional",
            "payment_request__decided_by",
        )
        .first()
    )


def sandbox_payment_request_of_client(
    client: B2BClient, reference: str
) -> SandboxPaymentRequest | None:
    """A training request this client submitted, by its reference."""
    return SandboxPaymentRequest.objects.filter(client=client, reference=reference).first()


def software_authorization_in_scope(user: User, pk: int) -> SoftwareAuthorization | None:
    """One authorization of an installation of this *Association* user's scope (None for one
    outside it or missing: the page answers 404 alike)."""
    return software_authorizations_for(user).filter(pk=pk).first()
