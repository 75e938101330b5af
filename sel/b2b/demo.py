"""Demo data: the sandbox, and a training client of the demo IT lead (CE200004) whose id and
secret are published (README), on an approved request that holds the IT lead's demo grants."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from sel.access.models import AccessRequest, FormType, Grant, OnlineService
from sel.accounts.models import User
from sel.b2b.grants import B2B_SERVICES
from sel.b2b.models import B2BClient, Environment
from sel.b2b.sandbox import sandbox_load
from sel.b2b.services.clients import client_create, client_practice_link

AGENTS_GROUP = "Agents de la Régie"
DEMO_REFERENCE = "DEMO-B2B-0001"
DEMO_CLIENT_ID = "sel-demo-formation"
DEMO_CLIENT_SECRET = "Demo-SEL-2026-b2b-formation"  # noqa: S105 (demo data, in README)


def _demo_request(form_type: FormType, it_lead: User) -> AccessRequest:
    version = form_type.current_version()
    assert version is not None
    access_request = AccessRequest.objects.create(
        reference=DEMO_REFERENCE,
        form_version=version,
        status=AccessRequest.Status.SUBMITTED,
        channel=AccessRequest.Channel.ONLINE,
        received_at=timezone.now() - timedelta(days=3),
        credentials=AccessRequest.Credentials.TRAINING,
        user_last_name=it_lead.last_name,
        user_first_name=it_lead.first_name,
        user_sex="F",
        user_function="vendor_it_lead",
        user_existing_username="CE200004",
        organization_name="LOGICIELS DÉMO INC.",
        user_address="1125 GRANDE ALLÉE OUEST, QUÉBEC",
        user_postal_code="G1S 1E7",
        user_phone="418 555-0100",
        user_email="it.lead@logiciels.exemple.ca",
        auth_last_name="ROY",
        auth_first_name="CLAIRE",
        auth_sex="F",
        auth_function=form_type.authorizer_functions[0],
        auth_organization_name="LOGICIELS DÉMO INC.",
        auth_address="1125 GRANDE ALLÉE OUEST, QUÉBEC",
        auth_postal_code="G1S 1E7",
        auth_phone="418 555-0101",
        auth_email="claire.roy@logiciels.exemple.ca",
    )
    access_request.online_services.set(OnlineService.objects.filter(code__in=B2B_SERVICES))
    return access_request


def load() -> None:
    sandbox_load()
    group, _new = Group.objects.get_or_create(name=AGENTS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="b2b", codename__in=["view_b2bclient", "revoke_b2bclient"]
        )
    )
    it_lead = User.objects.filter(username="CE200004").first()
    agent = User.objects.filter(username="CE900001").first()
    if (
        it_lead is None
        or agent is None
        or B2BClient.objects.filter(application__client_id=DEMO_CLIENT_ID).exists()
    ):
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


def notes() -> list[str]:
    return [
        "B2B training client (sandbox): "
        f"client_id={DEMO_CLIENT_ID} client_secret={DEMO_CLIENT_SECRET} "
        "(guide: /infos/aide/b2b/, API docs: /api/b2b/v1/docs/)"
    ]
