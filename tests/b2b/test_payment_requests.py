"""Payment requests sent by software through the B2B services (issue #14), through HTTP: the
establishment's page that authorizes a client, the submission and its status call, each refusal
in French and English, and the sandbox of training clients."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sel.access.models import ServiceCode
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.b2b.models import SandboxPaymentRequest, SoftwareAuthorization
from sel.b2b.services.payments import sandbox_payment_requests_advance
from sel.establishments.models import PaymentRequest, Status
from tests.b2b.payments_helpers import (
    SOFTWARE_PAGE,
    authorize_on_page,
    body,
    period,
    setting,
    status_of,
    submit,
    training_client,
)
from tests.conftest import login
from tests.factories.b2b import vendor_client

pytestmark = pytest.mark.django_db


def errors_of(answer: Any) -> dict[str, tuple[str, str]]:
    assert answer["Content-Type"] == "application/problem+json", answer.content
    return {e["field"]: (e["detail_fr"], e["detail_en"]) for e in answer.json()["errors"]}


def test_the_happy_path_from_token_to_authorized() -> None:
    s = setting()
    answer = submit(s.headers, body())
    assert answer.status_code == 201, answer.content
    sent = answer.json()
    reference = sent["reference"]
    assert sent["status"] == "awaiting" and sent["environment"] == "production"
    assert sent["total"] == "1351.63"  # 7.5 h x 128.75 + 4 h x 96.50, the portal's totals
    stored = PaymentRequest.objects.get(reference=reference)
    assert stored.channel == PaymentRequest.Channel.SOFTWARE
    assert stored.association == s.association

    signatory = Client()
    login(signatory, s.signatory.user)
    queue = signatory.get("/etablissements/autorisation/")
    assert reference in queue.content.decode()
    page = signatory.get(f"/etablissements/autorisation/{reference}/").content.decode()
    assert "Transmise par un logiciel (B2B)" in page

    read = status_of(s.headers, reference)
    assert read.status_code == 200
    assert read.json()["status_fr"] == "En attente d'autorisation"
    assert read.json()["decided_by"] is None

    decided = signatory.post(f"/etablissements/autorisation/{reference}/", {"action": "authorize"})
    assert decided.status_code == 302
    read = status_of(s.headers, reference).json()
    assert read["status"] == "authorized" and read["status_fr"] == "Autorisée"
    assert read["status_en"] == "Authorized"
    assert read["decided_by"] == s.signatory.user.get_full_name()
    assert read["decided_at"] is not None

    own = Client()
    login(own, s.professional)
    assert reference in own.get("/etablissements/demandes/").content.decode()
    event = AuditEvent.objects.get(action=Action.PAYMENT_REQUEST_SUBMITTED)
    assert event.details["channel"] == "software"
    assert event.details["client_id"] == s.client.client_id


def test_a_retry_with_the_same_key_creates_nothing_more() -> None:
    s = setting()
    first = submit(s.headers, body(), key="same")
    again = submit(s.headers, body(), key="same")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["reference"] == first.json()["reference"]
    assert PaymentRequest.objects.count() == 1
    other = submit(s.headers, body(weeks_ago=6), key="same")
    assert other.status_code == 422 and "Idempotency-Key" in errors_of(other)


def test_a_token_without_the_scope_is_refused() -> None:
    s = setting()
    client, secret = vendor_client(services=[ServiceCode.B2B_ELIGIBILITY])
    from tests.factories.b2b import bearer

    answer = submit(bearer(client, secret), body())
    assert answer.status_code == 403
    assert answer.json()["type"].endswith("portee-insuffisante")
    assert not PaymentRequest.objects.exists()
    del s


def test_an_installation_not_authorized_for_the_client_is_refused_in_both_languages() -> None:
    s = setting()
    for number in ("51235", "52001", "99999"):  # the CISSS's CLSC, another CISSS, none
        answer = submit(s.headers, body(installation_number=number), key=number)
        assert answer.status_code == 403, number
        assert "n'est pas autorisé à transmettre" in answer.json()["detail_fr"]
        assert "is not authorized to send" in answer.json()["detail_en"]
    english = submit(s.headers, body(installation_number="51235"), HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["detail"] == english.json()["detail_en"]
    assert not PaymentRequest.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "french", "english"),
    [
        (
            {"practice_number": "7654321"},
            "practice_number",
            "Aucun professionnel",
            "No professional",
        ),
        (
            {"lines": [{"day": "2001-01-01", "activity_code": "H001", "quantity": "7"}]},
            "lines.0",
            "hors de la période",
            "outside the request's period",
        ),
        (
            {"lines": [{"day": "@start", "activity_code": "H001", "quantity": "25"}]},
            "lines.0",
            "dépassent 24 heures",
            "exceed 24 hours",
        ),
        (
            {
                "lines": [
                    {"day": "@start", "activity_code": "H001", "quantity": "2"},
                    {"day": "@start", "activity_code": "H001", "quantity": "3"},
                ]
            },
            "lines.1",
            "Ligne en double",
            "Duplicate line",
        ),
        (
            {"lines": [{"day": "@start", "activity_code": "ZZ99", "quantity": "2"}]},
            "lines.0",
            "Code d'activité inconnu",
            "Unknown activity code",
        ),
    ],
)
def test_each_rule_of_the_portal_form_refuses_field_by_field(
    change: dict[str, Any], field: str, french: str, english: str
) -> None:
    s = setting()
    payload = body() | change
    for line in payload["lines"]:
        if line["day"] == "@start":
            line["day"] = period()[0].isoformat()
    answer = submit(s.headers, payload)
    assert answer.status_code == 422, answer.content
    found = errors_of(answer)
    assert field in found, found
    assert french in found[field][0] and english in found[field][1], found[field]
    assert not PaymentRequest.objects.exists()


def test_a_professional_without_an_association_in_force_there_is_refused() -> None:
    s = setting()
    s.association.valid_until = timezone.localdate() - timedelta(days=1)
    s.association.save()
    answer = submit(s.headers, body())
    assert answer.status_code == 422
    fr, en = errors_of(answer)["practice_number"]
    assert "pas d'association en vigueur" in fr and "no association in force" in en


def test_a_period_already_claimed_is_refused() -> None:
    s = setting()
    first = submit(s.headers, body(), key="a")
    assert first.status_code == 201
    again = submit(s.headers, body(), key="b")
    assert again.status_code == 422
    fr, en = errors_of(again)["period_start"]
    assert first.json()["reference"] in fr and "already claimed" in en


def test_a_body_the_schema_refuses_names_each_field() -> None:
    s = setting()
    answer = submit(s.headers, body(mode="weekly") | {"extra": 1, "lines": []})
    assert answer.status_code == 422
    assert {"mode", "extra", "lines"} <= set(errors_of(answer))


# --- the establishment's page ------------------------------------------------------------------


def test_the_page_refuses_an_unknown_client_a_client_without_the_scope_and_a_repeat() -> None:
    s = setting()
    without_scope, _secret = vendor_client(services=[ServiceCode.B2B_ELIGIBILITY])
    cases = [
        ("nope-123", "Aucun client B2B en vigueur"),
        (without_scope.client_id, "pas accès au service B2B"),
        (s.client.client_id, "déjà autorisé pour : 51234"),
    ]
    for client_id, message in cases:
        answer = authorize_on_page(s.association_user, client_id, s.world.hospital.pk)
        page = answer.content.decode()
        assert answer.status_code == 400 and message in page, client_id
        assert f'value="{client_id}"' in page  # what was typed is kept
    assert SoftwareAuthorization.objects.count() == 1


def test_the_page_speaks_english() -> None:
    s = setting()
    http = Client()
    login(http, s.association_user)
    http.post("/langue/", {"language": "en", "next": "/"})
    answer = http.post(
        SOFTWARE_PAGE, {"client_id": "nope", "installations": [str(s.world.hospital.pk)]}
    )
    assert answer.status_code == 400
    assert "No B2B client in force has this id" in answer.content.decode()
    listed = http.get(SOFTWARE_PAGE).content.decode()
    assert "Software authorized to send your payment requests" in listed


def test_an_installation_outside_the_scope_cannot_be_chosen() -> None:
    s = setting(authorize=False)
    answer = authorize_on_page(s.association_user, s.client.client_id, s.world.other_hospital.pk)
    assert answer.status_code == 400
    assert "ne fait pas partie des installations de votre accès" in answer.content.decode()
    assert not SoftwareAuthorization.objects.exists()


def test_the_page_lists_and_ends_an_authorization_audited() -> None:
    s = setting()
    http = Client()
    login(http, s.association_user)
    listed = http.get(SOFTWARE_PAGE).content.decode()
    assert s.client.client_id in listed and "En vigueur" in listed
    found = SoftwareAuthorization.objects.get()
    ended = http.post(f"{SOFTWARE_PAGE}{found.pk}/fin/", {"confirm": "on"})
    assert ended.status_code == 302
    assert "Terminée le" in http.get(SOFTWARE_PAGE).content.decode()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {Action.B2B_SOFTWARE_AUTHORIZED, Action.B2B_SOFTWARE_AUTHORIZATION_ENDED} <= actions


# --- the sandbox ---------------------------------------------------------------------------------


def test_a_training_client_gets_believable_answers_from_the_sandbox() -> None:
    _client, headers = training_client()
    answer = submit(headers, body(practice_number="1000001", installation_number="99001"))
    assert answer.status_code == 201, answer.content
    reference = answer.json()["reference"]
    assert answer.json()["status"] == "awaiting" and answer.json()["environment"] == "training"
    assert status_of(headers, reference).json()["status"] == "awaiting"
    refused = submit(
        headers,
        body(
            practice_number="1000001",
            installation_number="99002",
            lines=[{"day": period()[0].isoformat(), "activity_code": "H001", "quantity": "0.73"}],
        ),
        key="k-2",
    )
    assert refused.json()["total"] == "93.99"  # 0.73 h x 128.75 $
    later = timezone.now() + timedelta(minutes=5)
    assert sandbox_payment_requests_advance(now=later) == 2
    read = status_of(headers, reference).json()
    assert read["status"] == "authorized" and "sandbox" in read["decided_by"]
    assert not PaymentRequest.objects.exists()
    assert SandboxPaymentRequest.objects.count() == 2
    no = status_of(headers, refused.json()["reference"]).json()
    assert no["status"] == "refused" and "ends in .99" in no["reason"]
    assert set(SandboxPaymentRequest.objects.values_list("status", flat=True)) == {
        Status.AUTHORIZED,
        Status.REFUSED,
    }


def test_the_sandbox_applies_the_same_rules() -> None:
    _client, headers = training_client()
    cases = [
        (body(practice_number="1000002", installation_number="99002"), "practice_number"),
        (body(practice_number="5555555", installation_number="99001"), "practice_number"),
        (
            body(
                practice_number="1000001",
                installation_number="99001",
                lines=[{"day": "2001-01-01", "activity_code": "H001", "quantity": "7"}],
            ),
            "lines.0",
        ),
    ]
    for index, (payload, field) in enumerate(cases):
        answer = submit(headers, payload, key=f"k{index}")
        assert answer.status_code == 422 and field in errors_of(answer), answer.content
    outside = submit(headers, body(installation_number="51234"), key="x")
    assert outside.status_code == 403
