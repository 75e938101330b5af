"""B2B factories: an approved vendor request with its client (and a usable secret), the
register's persons, coverage, physicians and aids in either environment, and a bearer token."""

from __future__ import annotations

import base64
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Permission
from django.test import Client

from sel.access.models import AccessRequest, OnlineService
from sel.accounts.models import User
from sel.b2b.grants import B2B_SERVICES
from sel.b2b.models import (
    AidClaim,
    B2BClient,
    Coverage,
    Environment,
    InsuredPerson,
    Physician,
    Plan,
    TechnicalAid,
)
from sel.b2b.services.clients import client_create, client_practice_link, client_secret_rotate
from tests.factories.access import AccessRequestFactory, access_agent

API = "/api/b2b/v1"


def vendor_client(
    *,
    environment: str = Environment.PRODUCTION,
    services: list[str] | None = None,
    practices: list[str] = (),  # type: ignore[assignment]
    replaced: bool = True,
    **request_fields: Any,
) -> tuple[B2BClient, str]:
    """A client of an approved B2B request (grants for ``services``, all four by default) and
    its secret: the initial one, or (``replaced``) the one the IT lead set in its place."""
    credentials = (
        AccessRequest.Credentials.TRAINING
        if environment == Environment.TRAINING
        else AccessRequest.Credentials.PRODUCTION
    )
    access_request = AccessRequestFactory(
        form="4123",
        approved=True,
        credentials=credentials,
        online_services=OnlineService.objects.filter(code__in=services or B2B_SERVICES),
        **request_fields,
    )
    # The IT lead has chosen their password since (the approval's account starts with a
    # temporary one), so the portal's pages open.
    it_lead = access_request.account
    it_lead.must_change_password = False
    it_lead.save(update_fields=["must_change_password"])
    client, secret = client_create(
        access_request=access_request,
        it_lead=access_request.account,
        environment=environment,
        actor=None,
    )
    if replaced:
        secret = client_secret_rotate(client=client, actor=access_request.account, grace_days=0)
    for number in practices:
        client_practice_link(client=client, practice_number=number, agent=access_agent())
    client.refresh_from_db()
    return client, secret


def basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def token_response(http: Client, client_id: str, secret: str, **data: str) -> Any:
    return http.post(
        f"{API}/oauth/token/",
        {"grant_type": "client_credentials", **data},
        HTTP_AUTHORIZATION=basic(client_id, secret),
    )


def bearer(client: B2BClient, secret: str, **data: str) -> dict[str, str]:
    """The header of a fresh token of this client (asserting it was issued)."""
    response = token_response(Client(), client.client_id, secret, **data)
    assert response.status_code == 200, response.content
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['access_token']}"}


def person(
    *,
    environment: str = Environment.PRODUCTION,
    nam: str = "TREJ80010112",
    last_name: str = "Tremblay",
    first_name: str = "Jean",
    birth_date: date = date(1980, 1, 1),
    health: tuple[date, date | None] | None = (date(1980, 1, 1), None),
    drug: tuple[date, date | None] | None = (date(2000, 1, 1), None),
) -> InsuredPerson:
    insured = InsuredPerson.objects.create(
        environment=environment,
        nam=nam,
        last_name=last_name,
        first_name=first_name,
        birth_date=birth_date,
    )
    for plan, period in ((Plan.HEALTH, health), (Plan.DRUG, drug)):
        if period is not None:
            Coverage.objects.create(
                person=insured, plan=plan, starts_on=period[0], ends_on=period[1]
            )
    return insured


def physician(
    *, environment: str = Environment.PRODUCTION, practice_number: str = "1234567", **fields: Any
) -> Physician:
    defaults = {
        "last_name": "Bouchard",
        "first_name": "Hélène",
        "clinic_name": "GMF du Fleuve",
        "is_gmf": True,
    }
    return Physician.objects.create(
        environment=environment, practice_number=practice_number, **{**defaults, **fields}
    )


def aid(*, environment: str = Environment.PRODUCTION, **fields: Any) -> TechnicalAid:
    defaults = {"category": "audition", "code": "AUD-101", "label": "Amplificateur"}
    return TechnicalAid.objects.create(environment=environment, **{**defaults, **fields})


def claims_agent(**fields: Any) -> User:
    """A Régie agent (role, staff, second factor) who processes SELAT claims."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from tests.factories.accounts import AgentFactory

    # A transactional test elsewhere may have flushed the permissions: create them again.
    create_permissions(apps.get_app_config("b2b"), verbosity=0)
    agent = AgentFactory(support_permissions=False, **fields)
    agent.user_permissions.add(
        Permission.objects.get(content_type__app_label="b2b", codename="process_aidclaim")
    )
    return User.objects.get(pk=agent.pk)  # a fresh object: no stale permission cache


def claim(
    client: B2BClient,
    *,
    nam: str = "TREJ80010112",
    amount: str = "125.50",
    service_date: date = date(2026, 1, 5),
    code: str = "AUD-101",
    category: str = "audition",
) -> AidClaim:
    """A claim « reçue » of this client, as its software submits it (the person and the aid
    must exist in the client's environment)."""
    from sel.b2b.services.register import claim_submit

    return claim_submit(
        client=client,
        nam=nam,
        aid_code=code,
        category=category,
        service_date=service_date,
        amount=Decimal(amount),
    )
