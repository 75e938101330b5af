"""What the tests of payment requests sent by software share: a CISSS with a signatory, an
associated professional, an *Association* user, and a vendor's production client with the B2B
payment-requests scope, authorized (through the portal's page) for the hospital."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from sel.access.models import ServiceCode
from sel.accounts.models import User
from sel.b2b.models import B2BClient, Environment
from sel.establishments.models import Association, Signatory
from tests.conftest import login
from tests.factories.b2b import API, bearer, vendor_client
from tests.factories.establishments import (
    AssociationFactory,
    EstablishmentWorld,
    association_user,
    professional,
    signatory_with_grant,
)

PAYMENTS = f"{API}/payment-requests"
SOFTWARE_PAGE = "/services-b2b/etablissement/logiciels/"
PRACTICE = "1234567"


@dataclass
class Setting:
    world: EstablishmentWorld
    signatory: Signatory
    professional: User
    association: Association
    association_user: User
    client: B2BClient
    secret: str
    headers: dict[str, str]


def authorize_on_page(user: User, client_id: str, *installation_pks: int) -> Any:
    """The *Association* user authorizes the client on the portal's page (the answer)."""
    http = Client()
    login(http, user)
    return http.post(
        SOFTWARE_PAGE,
        {"client_id": client_id, "installations": [str(pk) for pk in installation_pks]},
    )


def setting(*, authorize: bool = True) -> Setting:
    world = EstablishmentWorld.build()
    signatory = signatory_with_grant(world.cisss)
    pro = professional(practice_number=PRACTICE, first_name="Karine", last_name="Dubé")
    association = AssociationFactory(
        signatory=signatory, professional=pro, installation=world.hospital
    )
    user = association_user(world.cisss)
    client, secret = vendor_client(services=[ServiceCode.B2B_PAYMENT_REQUESTS])
    if authorize:
        answer = authorize_on_page(user, client.client_id, world.hospital.pk)
        assert answer.status_code == 302, answer.content.decode()
    return Setting(
        world=world,
        signatory=signatory,
        professional=pro,
        association=association,
        association_user=user,
        client=client,
        secret=secret,
        headers=bearer(client, secret),
    )


def period(weeks_ago: int = 3) -> tuple[date, date]:
    start = timezone.localdate() - timedelta(days=7 * weeks_ago)
    return start, start + timedelta(days=6)


def body(
    *,
    practice_number: str = PRACTICE,
    installation_number: str = "51234",
    mode: str = "hourly",
    weeks_ago: int = 3,
    lines: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    start, end = period(weeks_ago)
    return {
        "practice_number": practice_number,
        "installation_number": installation_number,
        "mode": mode,
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "lines": lines
        if lines is not None
        else [
            {"day": start.isoformat(), "activity_code": "H001", "quantity": "7.5"},
            {
                "day": (start + timedelta(days=1)).isoformat(),
                "activity_code": "H002",
                "quantity": "4",
            },
        ],
    }


def submit(
    headers: dict[str, str], payload: dict[str, Any], *, key: str = "k-1", **extra: str
) -> Any:
    return Client().post(
        PAYMENTS,
        payload,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
        **headers,
        **extra,
    )


def status_of(headers: dict[str, str], reference: str, **extra: str) -> Any:
    return Client().get(f"{PAYMENTS}/{reference}", **headers, **extra)


def training_client() -> tuple[B2BClient, dict[str, str]]:
    """A training client with the payment-requests scope (the rate table loaded: the sandbox
    totals with the Régie's rates, as production does)."""
    from sel.establishments.services.reference import activity_rates_import
    from tests.factories.establishments import RATES

    activity_rates_import(rows=RATES.read_text("utf-8").splitlines())
    client, secret = vendor_client(
        environment=Environment.TRAINING, services=[ServiceCode.B2B_PAYMENT_REQUESTS]
    )
    return client, bearer(client, secret)
