"""The four services: what each answers (and nothing more), their rules, problem details in
French and English, idempotency keys, the per-client rate limit, and one audit row per call."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client

from sel.audit.models import AuditEvent
from sel.b2b.models import AidClaim, ClaimStatus, Registration
from sel.b2b.privacy import insured_person_reads
from tests.factories.b2b import API, aid, bearer, person, physician, vendor_client

pytestmark = pytest.mark.django_db


def post(path: str, body: dict[str, Any], headers: dict[str, str], **extra: str) -> Any:
    return Client().post(
        f"{API}{path}", json.dumps(body), content_type="application/json", **headers, **extra
    )


@pytest.fixture
def vendor() -> dict[str, str]:
    client, secret = vendor_client(practices=["1234567"])
    return bearer(client, secret)


# --- 4123 ----------------------------------------------------------------------------------------


def test_eligibility_answers_coverage_end_dates_and_identity_and_nothing_else(vendor: dict) -> None:
    person(drug=(date(2000, 1, 1), date(2026, 6, 30)))
    answer = post(
        "/eligibility",
        {"nam": "trej80010112", "service_date": "2026-03-01", "last_name": "TREMBLAY",
         "first_name": "jean", "birth_date": "1980-01-01"},
        vendor,
    )  # fmt: skip
    assert answer.status_code == 200
    body = answer.json()
    assert body == {
        "service_date": "2026-03-01",
        "health_insurance": {"covered": True, "ends_on": None},
        "prescription_drug_insurance": {"covered": True, "ends_on": "2026-06-30"},
        "identity_matches": True,
    }
    text = answer.content.decode()
    assert "Tremblay" not in text and "Jean" not in text and "1980" not in text


def test_eligibility_after_the_drug_plan_ends_and_with_a_wrong_identity(vendor: dict) -> None:
    person(drug=(date(2000, 1, 1), date(2026, 6, 30)))
    answer = post(
        "/eligibility",
        {"nam": "TREJ80010112", "service_date": "2026-07-01", "birth_date": "1980-01-02"},
        vendor,
    ).json()
    assert answer["health_insurance"]["covered"] is True
    assert answer["prescription_drug_insurance"] == {"covered": False, "ends_on": None}
    assert answer["identity_matches"] is False


def test_an_unknown_nam_is_a_404_problem_in_french_and_english(vendor: dict) -> None:
    answer = post(
        "/eligibility", {"nam": "ABCD80010112", "service_date": "2026-07-01"}, vendor,
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert answer.status_code == 404
    assert answer["Content-Type"] == "application/problem+json"
    problem = answer.json()
    assert problem["status"] == 404 and problem["type"].startswith("https://")
    assert "Aucune personne assurée" in problem["detail_fr"]
    assert "No insured person" in problem["detail_en"] and problem["detail"] == problem["detail_en"]


def test_bad_input_is_a_422_naming_each_field_and_unknown_fields_are_refused(vendor: dict) -> None:
    answer = post("/eligibility", {"nam": "AB12", "service_date": "hier", "sexe": "F"}, vendor)
    assert answer.status_code == 422
    fields = {error["field"] for error in answer.json()["errors"]}
    assert fields == {"nam", "service_date", "sexe"}
    bad_nam = post("/eligibility", {"nam": "AB12", "service_date": "2026-01-01"}, vendor)
    assert bad_nam.status_code == 422
    (error,) = bad_nam.json()["errors"]
    assert error["field"] == "nam" and "12 caractères" in error["detail_fr"]
    assert "12 characters" in error["detail_en"]


def test_a_nam_never_travels_in_a_url() -> None:
    from sel.b2b.views.api import api

    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        assert "nam" not in path
        for operation in operations.values():
            assert all(p["name"] != "nam" for p in operation.get("parameters", []))


# --- 4444 ----------------------------------------------------------------------------------------


def test_family_doctor_found_or_none(vendor: dict) -> None:
    person()
    none = post("/family-doctor", {"nam": "TREJ80010112"}, vendor).json()
    assert none["family_physician"] is None and none["summary_fr"] == "Aucun médecin de famille"
    post(
        "/registrations",
        {"practice_number": "1234567", "nam": "TREJ80010112", "consent_date": "2026-01-05"},
        vendor,
        HTTP_IDEMPOTENCY_KEY="r-1",
    )
    found = post("/family-doctor", {"nam": "TREJ80010112"}, vendor).json()
    assert found["family_physician"] == {
        "last_name": "Bouchard", "first_name": "Hélène", "practice_number": "1234567",
        "clinic_name": "GMF du Fleuve", "is_gmf": True,
    }  # fmt: skip


@pytest.fixture(autouse=True)
def _register() -> None:
    physician(practice_number="1234567")
    physician(practice_number="2222222", last_name="Côté", clinic_name="Clinique du Parc")
    aid()


# --- 4058 ----------------------------------------------------------------------------------------


def test_a_move_to_another_physician_ends_the_old_registration_which_its_list_shows() -> None:
    person()
    first, s1 = vendor_client(practices=["1234567"])
    second, s2 = vendor_client(practices=["2222222"])
    h1, h2 = bearer(first, s1), bearer(second, s2)
    body = {"nam": "TREJ80010112", "consent_date": "2026-01-05"}
    created = post(
        "/registrations", {**body, "practice_number": "1234567"}, h1, HTTP_IDEMPOTENCY_KEY="a"
    )
    assert created.status_code == 201
    moved = post(
        "/registrations", {**body, "practice_number": "2222222"}, h2, HTTP_IDEMPOTENCY_KEY="b"
    )
    assert moved.status_code == 201
    assert Registration.objects.filter(ended_on__isnull=True).count() == 1
    old_list = Client().get(f"{API}/registrations?practice_number=1234567", **h1).json()
    (entry,) = old_list["items"]
    assert entry["end_reason"] == "moved" and entry["ended_on"] == date.today().isoformat()
    new_list = Client().get(f"{API}/registrations?practice_number=2222222", **h2).json()
    assert new_list["items"][0]["ended_on"] is None


def test_only_the_client_linked_to_the_practice_may_act_for_it(vendor: dict) -> None:
    person()
    other = post(
        "/registrations",
        {"practice_number": "2222222", "nam": "TREJ80010112", "consent_date": "2026-01-05"},
        vendor,
        HTTP_IDEMPOTENCY_KEY="x",
    )
    assert other.status_code == 403 and "numéro de pratique" in other.json()["detail_fr"]
    listing = Client().get(f"{API}/registrations?practice_number=2222222", **vendor)
    assert listing.status_code == 403
    assert not Registration.objects.exists()


def test_ending_a_registration_and_another_physicians_one_answers_404(vendor: dict) -> None:
    person()
    created = post(
        "/registrations",
        {"practice_number": "1234567", "nam": "TREJ80010112", "consent_date": "2026-01-05"},
        vendor,
        HTTP_IDEMPOTENCY_KEY="c",
    ).json()
    ended = post(
        f"/registrations/{created['id']}/end", {"practice_number": "1234567"}, vendor,
        HTTP_IDEMPOTENCY_KEY="e",
    )  # fmt: skip
    assert ended.status_code == 200 and ended.json()["end_reason"] == "ended"
    other, secret = vendor_client(practices=["2222222"])
    foreign = post(
        f"/registrations/{created['id']}/end",
        {"practice_number": "2222222"},
        bearer(other, secret),
        HTTP_IDEMPOTENCY_KEY="f",
    )
    missing = post(
        "/registrations/not-a-uuid/end", {"practice_number": "1234567"}, vendor,
        HTTP_IDEMPOTENCY_KEY="g",
    )  # fmt: skip
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json()["detail_fr"] == missing.json()["detail_fr"]


def test_the_list_walks_every_registration_by_cursor_without_repeat(vendor: dict) -> None:
    for n in range(7):
        person(nam=f"TREJ800101{n:02d}")
        post(
            "/registrations",
            {
                "practice_number": "1234567",
                "nam": f"TREJ800101{n:02d}",
                "consent_date": "2026-01-05",
            },
            vendor,
            HTTP_IDEMPOTENCY_KEY=f"k{n}",
        )
    seen: list[str] = []
    cursor = ""
    for _page in range(10):
        query = "practice_number=1234567&limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = Client().get(f"{API}/registrations?{query}", **vendor).json()
        seen += [item["nam"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [f"TREJ800101{n:02d}" for n in range(7)]
    bad = Client().get(f"{API}/registrations?practice_number=1234567&cursor=%%%", **vendor)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "cursor"


def test_a_consent_date_in_the_future_is_refused(vendor: dict) -> None:
    person()
    answer = post(
        "/registrations",
        {"practice_number": "1234567", "nam": "TREJ80010112", "consent_date": "2999-01-01"},
        vendor,
        HTTP_IDEMPOTENCY_KEY="z",
    )
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "consent_date"


# --- 4134 ----------------------------------------------------------------------------------------

CLAIM = {"nam": "TREJ80010112", "category": "audition", "aid_code": "AUD-101",
         "service_date": "2026-01-05", "amount": "450.00"}  # fmt: skip


def test_a_claim_is_received_then_read_with_its_status_by_its_client_only(vendor: dict) -> None:
    person()
    created = post("/selat/claims", CLAIM, vendor, HTTP_IDEMPOTENCY_KEY="c-1")
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "received" and body["status_fr"] == "Reçue"
    claim = AidClaim.objects.get()
    claim.status = ClaimStatus.PROCESSING
    claim.save()
    read = Client().get(f"{API}/selat/claims/{body['id']}", **vendor).json()
    assert read["status"] == "processing" and read["status_fr"] == "En traitement"
    assert read["status_en"] == "Processing"
    other, secret = vendor_client()
    foreign = Client().get(f"{API}/selat/claims/{body['id']}", **bearer(other, secret))
    assert foreign.status_code == 404


def test_a_claim_with_an_unknown_aid_or_a_bad_amount_is_refused_field_by_field(
    vendor: dict,
) -> None:
    person()
    answer = post(
        "/selat/claims", {**CLAIM, "aid_code": "NOPE", "amount": "0"}, vendor,
        HTTP_IDEMPOTENCY_KEY="c-2",
    )  # fmt: skip
    assert answer.status_code == 422
    assert {e["field"] for e in answer.json()["errors"]} == {"aid_code", "amount"}
    assert not AidClaim.objects.exists()


# --- conventions ---------------------------------------------------------------------------------


def test_a_retried_post_with_the_same_key_creates_nothing_more(vendor: dict) -> None:
    person()
    first = post("/selat/claims", CLAIM, vendor, HTTP_IDEMPOTENCY_KEY="same")
    again = post("/selat/claims", CLAIM, vendor, HTTP_IDEMPOTENCY_KEY="same")
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"] and again["Idempotent-Replayed"] == "true"
    assert AidClaim.objects.count() == 1
    reused = post("/selat/claims", {**CLAIM, "amount": "1.00"}, vendor, HTTP_IDEMPOTENCY_KEY="same")
    assert reused.status_code == 422 and reused.json()["errors"][0]["field"] == "Idempotency-Key"
    missing = post("/selat/claims", CLAIM, vendor)
    assert missing.status_code == 422
    assert AidClaim.objects.count() == 1


def test_past_the_limit_per_minute_a_client_gets_429_with_retry_after(settings: Any) -> None:
    settings.B2B_CALLS_PER_MINUTE_PRODUCTION = 3
    client, secret = vendor_client()
    headers = bearer(client, secret)
    answers = [Client().get(f"{API}/ping", **headers) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert 0 < int(answers[-1]["Retry-After"]) <= 60
    assert answers[-1]["Content-Type"] == "application/problem+json"
    # Another client is not slowed by the first.
    other, other_secret = vendor_client()
    assert Client().get(f"{API}/ping", **bearer(other, other_secret)).status_code == 200


def test_the_training_limit_is_its_own(settings: Any) -> None:
    settings.B2B_CALLS_PER_MINUTE_TRAINING = 1
    client, secret = vendor_client(environment="training")
    headers = bearer(client, secret)
    assert Client().get(f"{API}/ping", **headers).status_code == 200
    assert Client().get(f"{API}/ping", **headers).status_code == 429


def test_every_call_writes_one_audit_row_with_client_service_nam_and_outcome(vendor: dict) -> None:
    person()
    before = AuditEvent.objects.filter(action="b2b.call").count()
    post("/eligibility", {"nam": "TREJ80010112", "service_date": "2026-03-01"}, vendor)
    post("/eligibility", {"nam": "ZZZZ80010112", "service_date": "2026-03-01"}, vendor)
    post("/selat/claims", CLAIM, vendor, HTTP_IDEMPOTENCY_KEY="audit")
    rows = list(AuditEvent.objects.filter(action="b2b.call").order_by("pk"))[before:]
    assert len(rows) == 3
    assert [(r.subject_key, r.details["service"], r.details["outcome"]) for r in rows] == [
        ("TREJ80010112", "b2b-eligibility", "answered"),
        ("ZZZZ80010112", "b2b-eligibility", "not_found"),
        ("TREJ80010112", "b2b-selat", "submitted"),
    ]
    assert all(r.target_type == "b2b.b2bclient" for r in rows)


def test_the_insured_persons_export_lists_the_b2b_reads_of_their_nam(vendor: dict) -> None:
    person()
    post("/eligibility", {"nam": "TREJ80010112", "service_date": "2026-03-01"}, vendor)
    (read,) = insured_person_reads("TREJ80010112")
    assert read["service"] == "Vérification de l'admissibilité – B2B (4123)"
    assert read["reader"] == "LOGICIELS SANTÉ INC." and read["outcome"] == "Réponse donnée"
    assert insured_person_reads("ZZZZ00000000") == []


def test_the_insured_persons_list_gives_each_calls_outcome_never_its_answer(vendor: dict) -> None:
    person()
    registration = {
        "nam": "TREJ80010112",
        "practice_number": "1234567",
        "consent_date": "2026-01-05",
    }
    post("/registrations", registration, vendor, HTTP_IDEMPOTENCY_KEY="privacy-0")
    found = post("/family-doctor", {"nam": "TREJ80010112"}, vendor)
    assert found.json()["family_physician"]["last_name"] == "Bouchard"
    post("/selat/claims", CLAIM, vendor, HTTP_IDEMPOTENCY_KEY="privacy-1")
    post("/eligibility", {"nam": "TREJ80010112", "service_date": "1970-01-01"}, vendor)
    post("/family-doctor", {"nam": "ZZZZ80010112"}, vendor)
    reads = insured_person_reads("TREJ80010112")
    assert [read["outcome"] for read in reads] == [
        "Écriture enregistrée",
        "Réponse donnée",
        "Écriture enregistrée",
        "Réponse donnée",
    ]
    (unknown,) = insured_person_reads("ZZZZ80010112")
    assert unknown["outcome"] == "Appel refusé"
    text = str(reads)
    assert "Bouchard" not in text and "aucun" not in text.lower() and "received" not in text


def test_a_token_for_one_scope_never_reaches_another_service() -> None:
    person()
    client, secret = vendor_client(services=["b2b-eligibility"])
    headers = bearer(client, secret)
    refused = post("/family-doctor", {"nam": "TREJ80010112"}, headers)
    assert refused.status_code == 403
    assert refused.json()["type"].endswith("portee-insuffisante")
    claim = post("/selat/claims", CLAIM, headers, HTTP_IDEMPOTENCY_KEY="s")
    assert claim.status_code == 403 and not AidClaim.objects.exists()


def test_no_call_succeeds_without_a_valid_token() -> None:
    person()
    for headers in (
        {},
        {"HTTP_AUTHORIZATION": "Bearer nope"},
        {"HTTP_AUTHORIZATION": "Basic eA=="},
    ):
        answer = post(
            "/eligibility", {"nam": "TREJ80010112", "service_date": "2026-03-01"}, headers
        )
        assert answer.status_code == 401
        assert answer["WWW-Authenticate"].startswith("Bearer")
