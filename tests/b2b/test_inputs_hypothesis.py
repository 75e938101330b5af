"""Hypothesis: NAM, date and pagination inputs never cause a 5xx, are refused with a 422 naming
the field when malformed, and answer consistently when well formed."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sel.b2b.models import Registration
from tests.factories.b2b import API, bearer, person, physician, vendor_client

pytestmark = pytest.mark.django_db
RUNS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
DRUG_START, DRUG_END = date(2000, 1, 1), date(2026, 6, 30)


@pytest.fixture
def vendor(settings: Any) -> dict[str, str]:
    settings.B2B_CALLS_PER_MINUTE_PRODUCTION = 100_000
    person(drug=(DRUG_START, DRUG_END))
    doctor = physician(practice_number="1234567")
    for n in range(23):
        Registration.objects.create(
            person=person(nam=f"GAGM6552{n:04d}"), physician=doctor, consent_date=date(2026, 1, 5)
        )
    client, secret = vendor_client(practices=["1234567"])
    return bearer(client, secret)


def eligibility(headers: dict[str, str], body: Any) -> Any:
    return Client().post(
        f"{API}/eligibility", json.dumps(body), content_type="application/json", **headers
    )


@RUNS
@given(nam=st.text(max_size=30))
def test_any_nam_text_is_answered_without_a_server_error(vendor: dict, nam: str) -> None:
    answer = eligibility(vendor, {"nam": nam, "service_date": "2026-01-05"})
    assert answer.status_code in {200, 404, 422}
    if answer.status_code == 422:
        assert answer["Content-Type"] == "application/problem+json"
        assert [e["field"] for e in answer.json()["errors"]] == ["nam"]


WELL_FORMED_NAM = st.builds(
    lambda letters, year, month, day, admin: f"{letters}{year:02d}{month:02d}{day:02d}{admin:02d}",
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=4, max_size=4),
    st.integers(0, 99),
    st.sampled_from([*range(1, 13), *range(51, 63)]),
    st.integers(1, 28),
    st.integers(0, 99),
)


@RUNS
@given(nam=WELL_FORMED_NAM)
def test_a_well_formed_nam_is_never_refused_as_malformed(vendor: dict, nam: str) -> None:
    answer = eligibility(vendor, {"nam": nam, "service_date": "2026-01-05"})
    assert answer.status_code in {200, 404}


@RUNS
@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_coverage_on_any_date_follows_the_periods(vendor: dict, day: date) -> None:
    answer = eligibility(vendor, {"nam": "TREJ80010112", "service_date": day.isoformat()})
    assert answer.status_code == 200
    body = answer.json()
    assert body["health_insurance"]["covered"] is (day >= date(1980, 1, 1))
    assert body["prescription_drug_insurance"]["covered"] is (DRUG_START <= day <= DRUG_END)


@RUNS
@given(raw=st.text(max_size=20))
def test_any_date_text_is_a_date_or_a_422_on_that_field(vendor: dict, raw: str) -> None:
    answer = eligibility(vendor, {"nam": "TREJ80010112", "service_date": raw})
    assert answer.status_code in {200, 422}
    if answer.status_code == 422:
        assert [e["field"] for e in answer.json()["errors"]] == ["service_date"]


def listing(headers: dict[str, str], query: str) -> Any:
    return Client().get(f"{API}/registrations?practice_number=1234567&{query}", **headers)


@RUNS
@given(limit=st.integers(-10, 400), cursor=st.text(max_size=50))
def test_any_limit_and_cursor_are_answered_without_a_server_error(
    vendor: dict, limit: int, cursor: str
) -> None:
    answer = listing(vendor, f"limit={limit}&cursor={quote(cursor)}")
    assert answer.status_code in {200, 422}
    if not 1 <= limit <= 200:
        assert answer.status_code == 422


@RUNS
@given(limit=st.integers(1, 30))
def test_every_page_size_walks_each_registration_once(vendor: dict, limit: int) -> None:
    seen: list[str] = []
    cursor = ""
    for _page in range(30):
        page = listing(vendor, f"limit={limit}" + (f"&cursor={cursor}" if cursor else "")).json()
        assert len(page["items"]) <= limit
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 23
