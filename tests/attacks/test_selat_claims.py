"""Attacks on the processing of SELAT claims (form 4134), through HTTP: an anonymous visitor, a
professional, the vendor's own IT lead and an agent without the permission may neither read nor
decide a claim; a POST without its CSRF token is refused; a claim already decided is not moved
again (409, the one conflict message, what the agent typed kept); two decisions at once on their
own connections: exactly one wins; a guessed or malformed id answers as a missing one."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.b2b.models import AidClaim, ClaimStatus
from sel.b2b.services.claims import claim_accept, claim_refuse
from tests.access.test_concurrent_decision import race
from tests.attacks.test_agent_gate import agent_with
from tests.conftest import login
from tests.factories.accounts import UserFactory
from tests.factories.b2b import aid, claim, claims_agent, person, vendor_client

pytestmark = pytest.mark.django_db

QUEUE = "/services-b2b/regie/selat/"
POSTED = {
    "take": {},
    "accept": {},
    "refuse": {"refuse-reason_fr": "Motif.", "refuse-reason_en": "Reason."},
}


@pytest.fixture
def found() -> AidClaim:
    person()
    aid()
    client, _secret = vendor_client()
    return claim(client)


def url_of(found: AidClaim) -> str:
    return f"{QUEUE}{found.public_id}/"


def status_of(found: AidClaim) -> str:
    return AidClaim.objects.get(pk=found.pk).status


def moves(found: AidClaim) -> int:
    return AuditEvent.objects.filter(
        target_type="b2b.aidclaim",
        target_id=str(found.pk),
        action__in=[Action.B2B_CLAIM_TAKEN, Action.B2B_CLAIM_ACCEPTED, Action.B2B_CLAIM_REFUSED],
    ).count()


def test_an_anonymous_visitor_is_sent_to_the_login_and_moves_nothing(found: AidClaim) -> None:
    http = Client()
    for url in (QUEUE, url_of(found)):
        answer = http.get(url)
        assert answer.status_code == 302 and answer["Location"].startswith("/compte/connexion/")
    for name, data in POSTED.items():
        answer = http.post(url_of(found), {"action": name, **data})
        assert answer.status_code == 302, name
    assert status_of(found) == ClaimStatus.RECEIVED and moves(found) == 0


@pytest.mark.parametrize("who", ["professional", "vendor_it_lead", "agent_without_permission"])
def test_a_non_agent_or_an_agent_without_the_permission_gets_403_and_moves_nothing(
    found: AidClaim, who: str
) -> None:
    user = {
        "professional": lambda: UserFactory(),
        "vendor_it_lead": lambda: found.client.it_lead,
        "agent_without_permission": lambda: agent_with("b2b.view_b2bclient"),
    }[who]()
    http = Client()
    login(http, user)
    assert http.get(QUEUE).status_code == 403
    page = http.get(url_of(found))
    assert page.status_code == 403 and b"TREJ80010112" not in page.content
    for name, data in POSTED.items():
        assert http.post(url_of(found), {"action": name, **data}).status_code == 403, name
    assert status_of(found) == ClaimStatus.RECEIVED and moves(found) == 0
    assert AuditEvent.objects.filter(action=Action.AUTHORIZATION_REFUSED, actor=user).exists()
    assert not AuditEvent.objects.filter(action=Action.B2B_CLAIM_READ).exists()


def test_a_decision_without_its_csrf_token_is_refused(found: AidClaim) -> None:
    http = Client(enforce_csrf_checks=True)
    login(http, claims_agent())
    assert http.get(url_of(found)).status_code == 200
    for name, data in POSTED.items():
        assert http.post(url_of(found), {"action": name, **data}).status_code == 403, name
    assert status_of(found) == ClaimStatus.RECEIVED and moves(found) == 0


def test_a_claim_already_decided_is_not_moved_again(found: AidClaim) -> None:
    http = Client()
    login(http, claims_agent())
    assert http.post(url_of(found), {"action": "accept"}).status_code == 302
    for name, data in POSTED.items():
        answer = http.post(url_of(found), {"action": name, **data})
        assert answer.status_code == 409, name
        page = answer.content.decode()
        assert "Un autre agent a déjà traité ce dossier" in page
        assert "Son état est maintenant : Acceptée" in page
    assert "Reason." in page  # what the agent typed is kept
    assert status_of(found) == ClaimStatus.ACCEPTED and moves(found) == 1


def test_the_agent_who_lost_reads_the_conflict_in_english(found: AidClaim) -> None:
    http = Client()
    login(http, claims_agent())
    http.post("/langue/", {"language": "en", "next": "/"})
    claim_accept(claim=found, agent=claims_agent())
    answer = http.post(
        url_of(found),
        {"action": "refuse", "refuse-reason_fr": "Motif.", "refuse-reason_en": "Not covered."},
    )
    assert answer.status_code == 409
    page = answer.content.decode()
    assert "Another agent" in page and "Not covered." in page


@pytest.mark.django_db(transaction=True)
def test_an_acceptance_and_a_refusal_at_once_exactly_one_wins() -> None:
    person()
    aid()
    client, _secret = vendor_client()
    found = claim(client)
    agents = [claims_agent(), claims_agent()]
    outcomes = race(
        accept=lambda: claim_accept(claim=found, agent=agents[0]),
        refuse=lambda: claim_refuse(
            claim=found, agent=agents[1], reason_fr="Motif.", reason_en="Reason."
        ),
    )
    assert sorted(outcomes) == ["accept", "refuse"]
    assert list(outcomes.values()).count("won") == 1
    winner = "accept" if outcomes["accept"] == "won" else "refuse"
    expected = {"accept": ClaimStatus.ACCEPTED, "refuse": ClaimStatus.REFUSED}[winner]
    assert status_of(found) == expected and moves(found) == 1
    loser = "refuse" if winner == "accept" else "accept"
    assert outcomes[loser] == expected


@pytest.mark.parametrize("guess", ["not-a-uuid", str(uuid.uuid4()), "1"])
def test_a_guessed_claim_answers_404_like_a_missing_one(found: AidClaim, guess: str) -> None:
    http = Client()
    login(http, claims_agent())
    assert http.get(f"{QUEUE}{guess}/").status_code == 404
    assert http.post(f"{QUEUE}{guess}/", {"action": "accept"}).status_code == 404
    assert status_of(found) == ClaimStatus.RECEIVED


def test_an_unknown_decision_moves_nothing(found: AidClaim) -> None:
    http = Client()
    login(http, claims_agent())
    answer: Any = http.post(url_of(found), {"action": "delete"}, follow=True)
    assert "Choisissez une des décisions de la page." in answer.content.decode()
    assert status_of(found) == ClaimStatus.RECEIVED and moves(found) == 0


def test_another_vendors_claim_stays_unreadable_through_the_api(found: AidClaim) -> None:
    from tests.factories.b2b import API, bearer

    claim_refuse(claim=found, agent=claims_agent(), reason_fr="Motif.", reason_en="Reason.")
    other, secret = vendor_client()
    answer = Client().get(f"{API}/selat/claims/{found.public_id}", **bearer(other, secret))
    assert answer.status_code == 404 and b"Reason." not in answer.content
