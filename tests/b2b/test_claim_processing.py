"""SELAT claims (form 4134) processed by the Régie's agents: the queue (oldest first, filters, how
long each waited), a claim's page, each transition through HTTP with its audit row, the vendor
reading the new status (and a refusal's reason in French and English) through the API, the
agent's home page, and the sandbox's claims that move by themselves."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.b2b import sandbox
from sel.b2b.models import AidClaim, ClaimStatus, Environment
from sel.b2b.services.claims import sandbox_claims_advance
from sel.b2b.views.agent import DECISIONS
from tests.conftest import login
from tests.factories.b2b import API, aid, bearer, claim, claims_agent, person, vendor_client

pytestmark = pytest.mark.django_db

QUEUE = "/services-b2b/regie/selat/"


def page_of(found: AidClaim) -> str:
    return f"{QUEUE}{found.public_id}/"


@pytest.fixture
def vendor() -> Any:
    person()
    aid()
    client, secret = vendor_client(organization_name="AUDITION DU FLEUVE INC.")
    return client, bearer(client, secret)


@pytest.fixture
def agent_http() -> Client:
    http = Client()
    login(http, claims_agent(first_name="Julie", last_name="Agent"))
    return http


def status_call(vendor: Any, found: AidClaim, **extra: str) -> dict[str, Any]:
    _client, headers = vendor
    answer = Client().get(f"{API}/selat/claims/{found.public_id}", **headers, **extra)
    assert answer.status_code == 200, answer.content
    body: dict[str, Any] = answer.json()
    return body


def test_take_then_accept_moves_the_claim_and_the_vendor_reads_each_status(
    vendor: Any, agent_http: Client
) -> None:
    found = claim(vendor[0])
    assert status_call(vendor, found)["status_fr"] == "Reçue"
    taken = agent_http.post(page_of(found), {"action": "take"})
    assert taken.status_code == 302 and taken["Location"] == page_of(found)
    body = status_call(vendor, found)
    assert (body["status"], body["status_fr"], body["status_en"]) == (
        "processing", "En traitement", "Processing",
    )  # fmt: skip
    accepted = agent_http.post(page_of(found), {"action": "accept"}, follow=True)
    assert "Réclamation acceptée." in accepted.content.decode()
    body = status_call(vendor, found)
    assert (body["status"], body["status_fr"], body["status_en"]) == (
        "accepted", "Acceptée", "Approved",
    )  # fmt: skip
    assert body["refusal_reason_fr"] is None and body["refusal_reason_en"] is None
    moves = AuditEvent.objects.filter(target_type="b2b.aidclaim", target_id=str(found.pk))
    assert list(moves.order_by("occurred_at", "pk").values_list("action", flat=True)) == [
        Action.B2B_CLAIM_TAKEN, Action.B2B_CLAIM_ACCEPTED, Action.B2B_CLAIM_READ,
    ]  # fmt: skip
    (accept_row,) = moves.filter(action=Action.B2B_CLAIM_ACCEPTED)
    assert accept_row.details["from"] == "processing" and accept_row.actor is not None


def test_a_refusal_gives_the_vendor_the_reason_in_french_and_english(
    vendor: Any, agent_http: Client
) -> None:
    found = claim(vendor[0])
    refused = agent_http.post(
        page_of(found),
        {
            "action": "refuse",
            "refuse-reason_fr": "L'aide n'est pas couverte à cette date.",
            "refuse-reason_en": "The aid is not covered on that date.",
        },
    )
    assert refused.status_code == 302
    body = status_call(vendor, found, HTTP_ACCEPT_LANGUAGE="en")
    assert body["status"] == "refused" and body["status_en"] == "Refused"
    assert body["refusal_reason_fr"] == "L'aide n'est pas couverte à cette date."
    assert body["refusal_reason_en"] == "The aid is not covered on that date."
    page = agent_http.get(page_of(found)).content.decode()
    assert "The aid is not covered on that date." in page
    assert 'name="action" value="accept"' not in page  # decided: no decision left to take


def test_a_refusal_without_the_english_reason_is_refused_and_keeps_what_was_typed(
    vendor: Any, agent_http: Client
) -> None:
    found = claim(vendor[0])
    answer = agent_http.post(
        page_of(found),
        {"action": "refuse", "refuse-reason_fr": "Montant hors barème.", "refuse-reason_en": " "},
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "Montant hors barème." in page
    assert "Ce champ est obligatoire." in page or "Indiquez le motif du refus en anglais" in page
    assert AidClaim.objects.get(pk=found.pk).status == ClaimStatus.RECEIVED
    english = Client()
    login(english, claims_agent(language="en"))
    english.post("/langue/", {"language": "en", "next": "/"})
    answer = english.post(page_of(found), {"action": "refuse", "refuse-reason_fr": "x"})
    assert answer.status_code == 400 and "This field is required." in answer.content.decode()


def test_the_service_refuses_a_blank_reason_in_either_language(vendor: Any) -> None:
    from sel.b2b.services.claims import claim_refuse
    from sel.core.rules import RuleViolation

    found = claim(vendor[0])
    with pytest.raises(RuleViolation) as refused:
        claim_refuse(claim=found, agent=claims_agent(), reason_fr="Motif", reason_en="  ")
    assert refused.value.fields == ["reason_en"]
    assert AidClaim.objects.get(pk=found.pk).status == ClaimStatus.RECEIVED


def test_each_decision_of_the_table_writes_its_audit_action(
    vendor: Any, agent_http: Client
) -> None:
    typed = {"refuse": {"refuse-reason_fr": "Motif.", "refuse-reason_en": "Reason."}}
    for name, decision in DECISIONS.items():
        found = claim(vendor[0])
        answer = agent_http.post(page_of(found), {"action": name, **typed.get(name, {})})
        assert answer.status_code == 302, (name, answer.content)
        assert AuditEvent.objects.filter(
            action=decision.action, target_id=str(found.pk), target_type="b2b.aidclaim"
        ).exists()


def test_the_claims_page_shows_the_coverage_not_the_persons_name_and_audits_the_read(
    vendor: Any, agent_http: Client
) -> None:
    found = claim(vendor[0])
    answer = agent_http.get(page_of(found))
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "TREJ80010112" in page and "AUD-101" in page and "AUDITION DU FLEUVE INC." in page
    assert "Tremblay" not in page and "Jean" not in page and "1980-01-01" not in page
    assert "Couverte par le régime d'assurance maladie à la date de l'aide" in page
    assert "no-store" in answer["Cache-Control"]
    (read,) = AuditEvent.objects.filter(action=Action.B2B_CLAIM_READ)
    assert read.subject_key == "TREJ80010112" and read.target_id == str(found.pk)


def test_the_queue_is_oldest_first_with_the_wait_and_its_filters(
    vendor: Any, agent_http: Client
) -> None:
    now = timezone.now()
    old, recent, decided = claim(vendor[0]), claim(vendor[0]), claim(vendor[0])
    AidClaim.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=5))
    AidClaim.objects.filter(pk=recent.pk).update(created_at=now - timedelta(hours=3))
    AidClaim.objects.filter(pk=decided.pk).update(status=ClaimStatus.ACCEPTED)
    other_client, _secret = vendor_client(organization_name="MOBILITÉ PLUS INC.")
    other = claim(other_client)
    AidClaim.objects.filter(pk=other.pk).update(created_at=now - timedelta(days=2))
    page = agent_http.get(QUEUE).content.decode()
    short = [str(c.public_id)[:8] for c in (old, other, recent)]
    positions = [page.index(s) for s in short]
    assert positions == sorted(positions)  # oldest first
    assert str(decided.public_id)[:8] not in page  # open claims by default
    assert "5 jours" in page and "3 heures" in page
    mine = agent_http.get(QUEUE, {"dispenser": "fleuve"}).content.decode()
    assert short[0] in mine and short[1] not in mine
    accepted = agent_http.get(QUEUE, {"status": "accepted"}).content.decode()
    assert str(decided.public_id)[:8] in accepted and short[0] not in accepted
    today = timezone.localdate().isoformat()
    fresh = agent_http.get(QUEUE, {"received_from": today}).content.decode()
    assert short[2] in fresh and short[0] not in fresh


def test_bad_filters_answer_400_with_a_message_and_keep_what_was_typed(
    agent_http: Client,
) -> None:
    answer = agent_http.get(
        QUEUE, {"received_from": "2026-13-45", "dispenser": "Fleuve", "status": "nope"}
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "Saisissez une date valide." in page or "Enter a valid date." in page
    assert 'value="2026-13-45"' in page and 'value="Fleuve"' in page
    backwards = agent_http.get(
        QUEUE, {"received_from": "2026-03-01", "received_until": "2026-02-01"}
    )
    assert backwards.status_code == 400
    assert "La fin de la période doit suivre son début." in backwards.content.decode()


def test_training_claims_show_only_under_their_filter(agent_http: Client) -> None:
    sandbox.sandbox_load(persons=0)
    training, _secret = vendor_client(environment=Environment.TRAINING)
    found = claim(training, nam="SABL80010112")
    short = str(found.public_id)[:8]
    assert short not in agent_http.get(QUEUE).content.decode()
    assert short in agent_http.get(QUEUE, {"environment": "training"}).content.decode()


def test_sandbox_claims_move_by_themselves_and_a_99_cents_amount_is_refused() -> None:
    sandbox.sandbox_load(persons=0)
    training, secret = vendor_client(environment=Environment.TRAINING)
    accepted = claim(training, nam="SABL80010112", amount="125.50")
    refused = claim(training, nam="SABL80010112", amount="125.99")
    assert sandbox_claims_advance() == {"taken": 0, "accepted": 0, "refused": 0}  # not yet due
    later = timezone.now() + sandbox.CLAIM_STEP + timedelta(seconds=1)
    assert sandbox_claims_advance(now=later) == {"taken": 2, "accepted": 0, "refused": 0}
    AidClaim.objects.update(status_changed_at=timezone.now() - sandbox.CLAIM_STEP)
    assert sandbox_claims_advance() == {"taken": 0, "accepted": 1, "refused": 1}
    headers = bearer(training, secret)
    read = Client().get(f"{API}/selat/claims/{refused.public_id}", **headers).json()
    assert read["status"] == "refused" and read["refusal_reason_en"] == sandbox.CLAIM_REFUSAL_EN
    read = Client().get(f"{API}/selat/claims/{accepted.public_id}", **headers).json()
    assert read["status"] == "accepted"
    (taken, *_rest) = AuditEvent.objects.filter(action=Action.B2B_CLAIM_TAKEN)
    assert taken.actor is None and taken.details["by"] == "sandbox_schedule"


def test_production_claims_never_move_by_themselves(vendor: Any) -> None:
    found = claim(vendor[0])
    AidClaim.objects.filter(pk=found.pk).update(
        status_changed_at=timezone.now() - timedelta(days=9)
    )
    sandbox_claims_advance()
    assert AidClaim.objects.get(pk=found.pk).status == ClaimStatus.RECEIVED


def test_the_agents_home_page_has_a_selat_row_only_with_the_permission(vendor: Any) -> None:
    found = claim(vendor[0])
    AidClaim.objects.filter(pk=found.pk).update(created_at=timezone.now() - timedelta(days=4))
    http = Client()
    login(http, claims_agent())
    home = http.get("/").content.decode()
    assert "Réclamations SELAT à traiter" in home and QUEUE in home
    assert "4 jours" in home
    from tests.factories.access import access_agent

    other = Client()
    login(other, access_agent())
    assert "Réclamations SELAT à traiter" not in other.get("/").content.decode()


def test_the_demo_has_claims_received_for_the_demo_agent(settings: Any) -> None:
    from sel.accounts.models import User
    from sel.core.demodata import load_all

    settings.DEBUG = True
    load_all()
    load_all()  # idempotent
    waiting = AidClaim.objects.filter(
        environment=Environment.PRODUCTION, status=ClaimStatus.RECEIVED
    )
    assert waiting.count() == 4
    http = Client()
    login(http, User.objects.get(username="CE900001"))
    page = http.get(QUEUE).content.decode()
    assert all(str(c.public_id)[:8] in page for c in waiting)


def test_the_worker_runs_the_sandbox_schedule_every_minute() -> None:
    from sel.core.periodic import JOBS

    job = JOBS["sel.b2b.tasks.advance_sandbox_claims"]
    assert job.every == timedelta(minutes=1)
    step = sandbox.CLAIM_STEP
    assert step == timedelta(minutes=2)  # the guide: « une étape toutes les 2 à 3 minutes »
