"""Training credentials reach the sandbox only; production credentials never see it. Both
directions, for reads and writes."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from sel.b2b.models import AidClaim, Environment, Registration
from sel.b2b.sandbox import sandbox_load
from tests.factories.b2b import API, aid, bearer, person, physician, vendor_client

pytestmark = pytest.mark.django_db


def post(path: str, body: dict[str, object], headers: dict[str, str], **extra: str) -> object:
    return Client().post(
        f"{API}{path}", json.dumps(body), content_type="application/json", **headers, **extra
    )


@pytest.fixture
def both() -> dict[str, dict[str, str]]:
    sandbox_load(persons=5)
    person(nam="PROD80010112")  # production only
    physician(practice_number="7654321")
    aid()
    training, t_secret = vendor_client(environment=Environment.TRAINING, practices=["1000001"])
    production, p_secret = vendor_client(practices=["7654321", "1000001"])
    return {"training": bearer(training, t_secret), "production": bearer(production, p_secret)}


def test_a_training_client_reads_the_sandbox_and_never_production(both: dict) -> None:
    sandbox = post(
        "/eligibility", {"nam": "SABL80010112", "service_date": "2026-01-05"}, both["training"]
    )
    assert sandbox.status_code == 200
    real = post(
        "/eligibility", {"nam": "PROD80010112", "service_date": "2026-01-05"}, both["training"]
    )
    assert real.status_code == 404
    assert post("/family-doctor", {"nam": "PROD80010112"}, both["training"]).status_code == 404


def test_a_production_client_never_reads_the_sandbox(both: dict) -> None:
    real = post(
        "/eligibility", {"nam": "PROD80010112", "service_date": "2026-01-05"}, both["production"]
    )
    assert real.status_code == 200
    sandbox = post(
        "/eligibility", {"nam": "SABL80010112", "service_date": "2026-01-05"}, both["production"]
    )
    assert sandbox.status_code == 404
    assert post("/family-doctor", {"nam": "SABL80010112"}, both["production"]).status_code == 404
    # The sandbox's physician is not production's, even with the practice linked.
    listing = Client().get(f"{API}/registrations?practice_number=1000001", **both["production"])
    assert listing.status_code == 404


def test_writes_stay_in_the_client_environment(both: dict) -> None:
    training_claim = post(
        "/selat/claims",
        {"nam": "SABL80010112", "category": "vision", "aid_code": "VIS-301",
         "service_date": "2026-01-05", "amount": "10.00"},
        both["training"],
        HTTP_IDEMPOTENCY_KEY="t-1",
    )  # fmt: skip
    assert training_claim.status_code == 201
    assert AidClaim.objects.get().environment == Environment.TRAINING
    # A production person cannot be claimed for from training, nor a sandbox one from production.
    cross = post(
        "/selat/claims",
        {"nam": "PROD80010112", "category": "audition", "aid_code": "AUD-101",
         "service_date": "2026-01-05", "amount": "10.00"},
        both["training"],
        HTTP_IDEMPOTENCY_KEY="t-2",
    )  # fmt: skip
    assert cross.status_code == 404  # the production person is unknown in the sandbox
    registered = post(
        "/registrations",
        {"practice_number": "7654321", "nam": "SABL80010112", "consent_date": "2026-01-05"},
        both["production"],
        HTTP_IDEMPOTENCY_KEY="p-1",
    )
    assert registered.status_code == 404
    assert not Registration.objects.filter(physician__environment=Environment.PRODUCTION).exists()
