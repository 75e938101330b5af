"""Demo data: the sandbox, and a training client of the demo IT lead (CE200004) whose id and
secret are published (README), on an approved request that holds the IT lead's demo grants.
Then a production client of a dispenser of technical aids (its secret unpublished) whose SELAT
claims wait « reçue » for the demo agent (CE900001) to process, and the demo vendor's production
client of the payment requests (issue #14), authorized by the demo CISSS for installation 51234."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from sel.access.models import AccessRequest, FormType, Grant, OnlineService, ServiceCode
from sel.accounts.models import Role, User
from sel.b2b.grants import B2B_SERVICES
from sel.b2b.models import (
    AidClaim,
    B2BClient,
    Coverage,
    Environment,
    InsuredPerson,
    Plan,
    TechnicalAid,
)
from sel.b2b.sandbox import AIDS, sandbox_load
from sel.b2b.services.clients import client_create, client_practice_link
from sel.b2b.services.register import claim_submit

AGENTS_GROUP = "Agents de la Régie"
DEMO_REFERENCE = "DEMO-B2B-0001"
DEMO_CLIENT_ID = "sel-demo-formation"
DEMO_CLIENT_SECRET = "Demo-SEL-2026-b2b-formation"  # noqa: S105 (demo data, in README)


def _demo_request(
    form_type: FormType,
    it_lead: User,
    *,
    reference: str = DEMO_REFERENCE,
    credentials: str = AccessRequest.Credentials.TRAINING,
    organization: str = "LOGICIELS DÉMO INC.",
    services: tuple[str, ...] = B2B_SERVICES,
) -> AccessRequest:
    version = form_type.current_version()
    assert version is not None
    access_request = AccessRequest.objects.create(
        reference=reference,
        form_version=version,
        status=AccessRequest.Status.SUBMITTED,
        channel=AccessRequest.Channel.ONLINE,
        received_at=timezone.now() - timedelta(days=3),
        credentials=credentials,
        user_last_name=it_lead.last_name,
        user_first_name=it_lead.first_name,
        user_sex="F",
        user_function="vendor_it_lead",
        user_existing_username="CE200004",
        organization_name=organization,
        user_address="1125 GRANDE ALLÉE OUEST, QUÉBEC",
        user_postal_code="G1S 1E7",
        user_phone="418 555-0100",
        user_email="it.lead@logiciels.exemple.ca",
        auth_last_name="ROY",
        auth_first_name="CLAIRE",
        auth_sex="F",
        auth_function=form_type.authorizer_functions[0],
        auth_organization_name=organization,
        auth_address="1125 GRANDE ALLÉE OUEST, QUÉBEC",
        auth_postal_code="G1S 1E7",
        auth_phone="418 555-0101",
        auth_email="claire.roy@logiciels.exemple.ca",
    )
    access_request.online_services.set(OnlineService.objects.filter(code__in=services))
    return access_request


def _approved_production_client(
    form: FormType, it_lead: User, agent: User, service: str, **request: Any
) -> Any:
    """A demo B2B access request for ``service``, approved by ``agent`` with its grant, and its
    production client (``client_create``, as an agent's approval makes it)."""
    access_request = _demo_request(
        form,
        it_lead,
        credentials=AccessRequest.Credentials.PRODUCTION,
        services=(service,),
        **request,
    )
    access_request.status = AccessRequest.Status.APPROVED
    access_request.account = it_lead
    access_request.agent = agent
    access_request.decided_at = timezone.now()
    access_request.save()
    Grant.objects.create(
        user=it_lead,
        online_service=OnlineService.objects.get(code=service),
        granted_by=agent,
        access_request=access_request,
    )
    client, _secret = client_create(
        access_request=access_request,
        it_lead=it_lead,
        environment=Environment.PRODUCTION,
        actor=agent,
    )
    return client


def load() -> None:
    sandbox_load()
    group, _new = Group.objects.get_or_create(name=AGENTS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="b2b",
            codename__in=["view_b2bclient", "revoke_b2bclient", "process_aidclaim"],
        )
    )
    it_lead = User.objects.filter(username="CE200004").first()
    agent = User.objects.filter(username="CE900001").first()
    if it_lead is None or agent is None:
        return
    _training_client(it_lead, agent)
    _selat_claims(agent)
    _payments_client(it_lead, agent)


def _training_client(it_lead: User, agent: User) -> None:
    if B2BClient.objects.filter(application__client_id=DEMO_CLIENT_ID).exists():
        return
    access_request = AccessRequest.objects.filter(reference=DEMO_REFERENCE).first()
    if access_request is None:
        access_request = _demo_request(FormType.objects.get(code="4123"), it_lead)
        access_request.status = AccessRequest.Status.APPROVED
        access_request.account = it_lead
        access_request.agent = agent
        access_request.decided_at = timezone.now()
        access_request.save()
        # The access demo already granted CE200004 the four services: those grants are this
        # request's (approving it again would grant them twice).
        Grant.objects.filter(user=it_lead, access_request__isnull=True).update(
            access_request=access_request
        )
        client_create(
            access_request=access_request,
            it_lead=it_lead,
            environment=Environment.TRAINING,
            actor=agent,
        )
    client = B2BClient.objects.select_related("application").get(access_request=access_request)
    application = client.application
    application.client_id = DEMO_CLIENT_ID
    application.client_secret = DEMO_CLIENT_SECRET  # hashed on save
    application.save()
    client.secret_must_change = False
    client.secret_changed_at = timezone.now()
    client.save(update_fields=["secret_must_change", "secret_changed_at"])
    client_practice_link(client=client, practice_number="1000001", agent=agent)


SELAT_REFERENCE = "DEMO-B2B-0002"
SELAT_IT_LEAD = "CE200007"
# Production persons of the demo's register (synthetic): nam, last, first, birth date.
PRODUCTION_PERSONS = [
    ("BERM72061418", "Bérubé", "Michel", date(1972, 6, 14)),
    ("LAPS55571219", "Lapointe", "Sylvie", date(1955, 7, 12)),
    ("NADA48030520", "Nadeau", "André", date(1948, 3, 5)),
]
# The claims waiting « reçue »: nam, aid code, days since the aid, amount, days since received.
SELAT_CLAIMS = [
    ("BERM72061418", "AUD-101", 12, Decimal("1250.00"), 6),
    ("LAPS55571219", "MOB-201", 9, Decimal("2875.40"), 4),
    ("NADA48030520", "VIS-301", 5, Decimal("640.00"), 2),
    ("BERM72061418", "VIS-301", 1, Decimal("95.75"), 0),
]


def _selat_claims(agent: User) -> None:
    """A dispenser's production client and its claims in « reçue », oldest first. Its IT lead
    is an account of its own (no demo login: its password is unusable), whose grant opens SELAT
    to the client."""
    if AccessRequest.objects.filter(reference=SELAT_REFERENCE).exists():
        return
    it_lead = User.objects.create(
        username=SELAT_IT_LEAD,
        email=f"{SELAT_IT_LEAD.lower()}@demo.sel.example",
        first_name="Samuel",
        last_name="Ouellet",
        role=Role.SOFTWARE_VENDOR,
        must_change_password=False,
        must_set_questions=False,
    )
    it_lead.set_unusable_password()
    it_lead.save(update_fields=["password"])
    client = _approved_production_client(
        FormType.objects.get(code="4134"),
        it_lead,
        agent,
        ServiceCode.B2B_SELAT,
        reference=SELAT_REFERENCE,
        organization="AIDES AUDITIVES DÉMO INC.",
    )
    production = Environment.PRODUCTION
    for category, aid_code, label in AIDS:
        TechnicalAid.objects.get_or_create(
            environment=production, code=aid_code, defaults={"category": category, "label": label}
        )
    for nam, last, first, born in PRODUCTION_PERSONS:
        person, created = InsuredPerson.objects.get_or_create(
            environment=production,
            nam=nam,
            defaults={"last_name": last, "first_name": first, "birth_date": born},
        )
        if created:
            Coverage.objects.create(person=person, plan=Plan.HEALTH, starts_on=born)
    aids = dict(TechnicalAid.objects.filter(environment=production).values_list("code", "category"))
    now, today = timezone.now(), timezone.localdate()
    for nam, aid_code, aid_age, amount, received_age in SELAT_CLAIMS:
        claim = claim_submit(
            client=client,
            nam=nam,
            aid_code=aid_code,
            category=aids[aid_code],
            service_date=today - timedelta(days=aid_age),
            amount=amount,
        )
        received = now - timedelta(days=received_age, hours=2)
        AidClaim.objects.filter(pk=claim.pk).update(created_at=received, status_changed_at=received)


PAYMENTS_REFERENCE = "DEMO-B2B-0003"
PAYMENTS_CLIENT_ID = "sel-demo-paiements"
PAYMENTS_CLIENT_SECRET = "Demo-SEL-2026-b2b-paiements"  # noqa: S105 (demo data, in README)


def _payments_client(it_lead: User, agent: User) -> None:
    """The demo vendor's production client of the payment-requests service (issue #14), whose
    id and secret are published (README), authorized by the CISSS's *Association* user
    (CE200021) for installation 51234, where IP100020 is associated with CE200020."""
    from sel.b2b.services.payments import software_authorize
    from sel.establishments.models import Installation

    if B2BClient.objects.filter(application__client_id=PAYMENTS_CLIENT_ID).exists():
        return
    association_user = User.objects.filter(username="CE200021").first()
    installation = Installation.objects.filter(number="51234").first()
    if association_user is None or installation is None:
        return
    client = _approved_production_client(
        FormType.objects.get(code="b2b-paiements"),
        it_lead,
        agent,
        ServiceCode.B2B_PAYMENT_REQUESTS,
        reference=PAYMENTS_REFERENCE,
    )
    application = client.application
    application.client_id = PAYMENTS_CLIENT_ID
    application.client_secret = PAYMENTS_CLIENT_SECRET  # hashed on save
    application.save()
    client.secret_must_change = False
    client.secret_changed_at = timezone.now()
    client.save(update_fields=["secret_must_change", "secret_changed_at"])
    software_authorize(
        user=association_user, client_id=PAYMENTS_CLIENT_ID, installations=[installation]
    )


def notes() -> list[str]:
    return [
        "B2B training client (sandbox): "
        f"client_id={DEMO_CLIENT_ID} client_secret={DEMO_CLIENT_SECRET} "
        "(guide: /infos/aide/b2b/, API docs: /api/b2b/v1/docs/)",
        "B2B production client of the payment requests, authorized for installation 51234: "
        f"client_id={PAYMENTS_CLIENT_ID} client_secret={PAYMENTS_CLIENT_SECRET}",
    ]
