"""The signatory's queue: filters, oldest first with the wait, one request with its lines, the
three decisions (the DECISIONS table), several authorized at once after one confirmation."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sel.audit.models import AuditEvent
from sel.establishments.models import Association, PaymentRequest, PaymentRequestStep, Status
from sel.establishments.views.establishment import DECISIONS
from sel.outbox.models import OutboundEmail
from tests.audit.test_app_role import (  # noqa: F401 (the app role's fixtures)
    POSTGRESQL_ONLY,
    role,
    running_as_app_role,
)
from tests.conftest import login
from tests.factories.establishments import (
    AssociationFactory,
    EstablishmentWorld,
    PaymentRequestFactory,
    professional,
    signatory_with_grant,
)

QUEUE = reverse("establishments:queue")


@pytest.fixture
def queue_of(world: EstablishmentWorld) -> Any:
    signatory = signatory_with_grant(world.cisss)
    association = AssociationFactory(signatory=signatory, installation=world.hospital)
    return signatory, association


def test_the_queue_lists_the_oldest_first_with_how_long_each_waited(
    client: Any, queue_of: Any
) -> None:
    signatory, association = queue_of
    newer = PaymentRequestFactory(
        association=association, submitted_at=timezone.now() - timedelta(days=2)
    )
    older = PaymentRequestFactory(
        association=association, submitted_at=timezone.now() - timedelta(days=9)
    )
    login(client, signatory.user)
    body = client.get(QUEUE).content.decode()
    assert body.index(older.reference) < body.index(newer.reference)
    assert "9 jours" in body and "2 jours" in body


def test_amounts_and_waits_read_as_the_reader_s_language_writes_them(
    client: Any, queue_of: Any
) -> None:
    signatory, association = queue_of
    PaymentRequestFactory(
        association=association, total=Decimal("12381.63"), submitted_at=timezone.now()
    )
    PaymentRequestFactory(
        association=association, submitted_at=timezone.now() - timedelta(days=1, minutes=1)
    )
    login(client, signatory.user)
    body = html.unescape(client.get(QUEUE).content.decode())
    assert "<td>12\xa0381,63\xa0$</td>" in body
    assert "moins d'un jour" in body and "1 jour<" in body and "0 jour" not in body
    client.cookies["sel_language"] = "en"
    english = client.get(QUEUE).content.decode()
    assert "<td>$12,381.63</td>" in english
    assert "less than a day" in english and "1 day<" in english


def test_the_filters_narrow_the_queue(
    client: Any, world: EstablishmentWorld, queue_of: Any
) -> None:
    signatory, association = queue_of
    clsc = AssociationFactory(signatory=signatory, installation=world.clsc)
    at_hospital = PaymentRequestFactory(
        association=association, submitted_at=timezone.now() - timedelta(days=1)
    )
    at_clsc = PaymentRequestFactory(
        association=clsc, mode="sessional", submitted_at=timezone.now() - timedelta(days=20)
    )
    login(client, signatory.user)

    def shown(**filters: str) -> set[str]:
        body = client.get(QUEUE, filters).content.decode()
        return {r.reference for r in (at_hospital, at_clsc) if r.reference in body}

    assert shown() == {at_hospital.reference, at_clsc.reference}
    assert shown(installation=world.clsc.number) == {at_clsc.reference}
    assert shown(professional=association.professional.username) == {at_hospital.reference}
    assert shown(mode="sessional") == {at_clsc.reference}
    assert shown(min_age_days="10") == {at_clsc.reference}
    assert shown(period_from=(at_hospital.period_start).isoformat()) >= {at_hospital.reference}
    assert client.get(QUEUE, {"min_age_days": "beaucoup"}).status_code == 400


def test_each_decision_of_the_table_is_recorded_with_its_audit_action(
    client: Any, queue_of: Any
) -> None:
    signatory, association = queue_of
    login(client, signatory.user)
    for name, decision in DECISIONS.items():
        waiting = PaymentRequestFactory(association=association)
        url = reverse("establishments:queue_request", args=[waiting.reference])
        data = {"action": name} | {
            f"{name}-{field}": "Heures à revoir" for field in decision.fields
        }
        assert client.post(url, data).status_code == 302
        assert (
            AuditEvent.objects.filter(action=decision.action, target_id=str(waiting.pk)).count()
            == 1
        )
        waiting.refresh_from_db()
        assert waiting.decided_by == signatory.user


def test_a_refusal_needs_a_reason_and_tells_the_professional(client: Any, queue_of: Any) -> None:
    signatory, association = queue_of
    waiting = PaymentRequestFactory(association=association)
    login(client, signatory.user)
    url = reverse("establishments:queue_request", args=[waiting.reference])
    assert waiting.reference in client.get(url).content.decode()
    response = client.post(url, {"action": "refuse", "refuse-reason": "  "})
    assert response.status_code == 400
    waiting.refresh_from_db()
    assert waiting.status == Status.AWAITING
    client.post(url, {"action": "refuse", "refuse-reason": "Période non travaillée"})
    waiting.refresh_from_db()
    assert (waiting.status, waiting.reason) == (Status.REFUSED, "Période non travaillée")
    email = OutboundEmail.objects.get(template="establishments/request_decided")
    assert email.to == association.professional.email


def test_a_decision_that_lost_the_race_answers_409_and_keeps_what_was_typed(
    client: Any, queue_of: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    signatory, association = queue_of
    waiting = PaymentRequestFactory(association=association)
    login(client, signatory.user)
    url = reverse("establishments:queue_request", args=[waiting.reference])
    from sel.establishments import selectors

    original = selectors.queue_request

    def stale(context: Any, reference: str) -> PaymentRequest:
        found = original(context, reference)
        PaymentRequest.objects.filter(pk=found.pk).update(status=Status.AUTHORIZED)
        return found

    monkeypatch.setattr("sel.establishments.views.establishment.queue_request", stale)
    response = client.post(url, {"action": "refuse", "refuse-reason": "Motif tapé"})
    assert response.status_code == 409
    assert "Motif tapé" in response.content.decode()


def test_several_are_authorized_at_once_after_one_confirmation_of_count_and_total(
    client: Any, queue_of: Any
) -> None:
    signatory, association = queue_of
    chosen = [
        PaymentRequestFactory(association=association, total=Decimal("100.25")) for _ in range(3)
    ]
    left = PaymentRequestFactory(association=association)
    login(client, signatory.user)
    confirm = client.post(reverse("establishments:bulk_confirm"), {"ids": [r.pk for r in chosen]})
    body = confirm.content.decode()
    assert confirm.status_code == 200
    assert "3 demandes de paiement, pour un total de 300,75\xa0$" in body
    assert PaymentRequest.objects.filter(status=Status.AUTHORIZED).count() == 0
    ids = ",".join(str(r.pk) for r in sorted(chosen, key=lambda r: r.pk))
    done = client.post(
        reverse("establishments:bulk_confirm"),
        {"confirm": "1", "ids": ids, "count": "3", "total": "300.75"},
    )
    assert done.status_code == 302
    assert set(PaymentRequest.objects.filter(status=Status.AUTHORIZED)) == set(chosen)
    left.refresh_from_db()
    assert left.status == Status.AWAITING
    assert PaymentRequestStep.objects.filter(status=Status.AUTHORIZED).count() == 3
    event = AuditEvent.objects.get(action="payment_request.bulk_authorized")
    assert event.details["count"] == 3


def test_if_the_selection_changed_since_the_confirmation_nothing_is_authorized(
    client: Any, queue_of: Any
) -> None:
    signatory, association = queue_of
    chosen = [PaymentRequestFactory(association=association, total=Decimal("10")) for _ in range(2)]
    PaymentRequest.objects.filter(pk=chosen[0].pk).update(status=Status.REFUSED)
    login(client, signatory.user)
    ids = ",".join(str(r.pk) for r in chosen)
    client.post(
        reverse("establishments:bulk_confirm"),
        {"confirm": "1", "ids": ids, "count": "2", "total": "20"},
    )
    assert not PaymentRequest.objects.filter(status=Status.AUTHORIZED).exists()


def test_a_wrong_total_in_the_confirmation_authorizes_nothing(client: Any, queue_of: Any) -> None:
    signatory, association = queue_of
    chosen = [PaymentRequestFactory(association=association, total=Decimal("10")) for _ in range(2)]
    login(client, signatory.user)
    ids = ",".join(str(r.pk) for r in chosen)
    client.post(
        reverse("establishments:bulk_confirm"),
        {"confirm": "1", "ids": ids, "count": "2", "total": "1"},
    )
    client.post(
        reverse("establishments:bulk_confirm"),
        {"confirm": "1", "ids": "x,y", "count": "2", "total": "20"},
    )
    assert not PaymentRequest.objects.filter(status=Status.AUTHORIZED).exists()


def test_a_gmf_responsible_physician_authorizes_without_a_resolution(
    client: Any, world: EstablishmentWorld
) -> None:
    signatory = signatory_with_grant(world.gmf, user=professional(), function="gmf_responsible")
    association = AssociationFactory(signatory=signatory, installation=world.gmf_site)
    waiting = PaymentRequestFactory(association=association)
    login(client, signatory.user)
    url = reverse("establishments:queue_request", args=[waiting.reference])
    assert client.post(url, {"action": "authorize"}).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Status.AUTHORIZED


def _next_page(body: str) -> str:
    """The « Page suivante » link's query, as the page wrote it."""
    found = re.search(r'href="\?([^"]*)">Page suivante</a>', body)
    assert found is not None, "no « Page suivante » link"
    return html.unescape(found.group(1))


def test_the_queue_pages_by_fifty_oldest_first_and_goes_on_from_the_last_shown(
    client: Any, queue_of: Any
) -> None:
    signatory, association = queue_of
    made = [PaymentRequestFactory(association=association) for _ in range(51)]
    # Two requests submitted at the same instant straddle the pages' boundary: the id decides.
    tied = timezone.now() - timedelta(days=40)
    PaymentRequest.objects.filter(pk__in=[made[0].pk, made[1].pk]).update(submitted_at=tied)
    oldest_first = list(
        PaymentRequest.objects.filter(pk__in=[r.pk for r in made]).order_by("submitted_at", "pk")
    )
    login(client, signatory.user)
    first = client.get(QUEUE).content.decode()
    assert [r.reference in first for r in oldest_first] == [True] * 50 + [False]
    second = client.get(f"{QUEUE}?{_next_page(first)}").content.decode()
    assert oldest_first[50].reference in second
    assert not any(r.reference in second for r in oldest_first[:50])
    assert "Page suivante" not in second and "Première page" in second


def test_the_next_page_keeps_the_filters_and_a_position_past_the_end_or_unreadable_is_answered(
    client: Any, world: EstablishmentWorld, queue_of: Any
) -> None:
    signatory, association = queue_of
    clsc = AssociationFactory(signatory=signatory, installation=world.clsc)
    at_clsc = [PaymentRequestFactory(association=clsc) for _ in range(51)]
    PaymentRequestFactory(association=association)
    login(client, signatory.user)
    first = client.get(QUEUE, {"installation": world.clsc.number}).content.decode()
    query = _next_page(first)
    assert f"installation={world.clsc.number}" in query
    second = client.get(f"{QUEUE}?{query}").content.decode()
    last = max(at_clsc, key=lambda r: (r.submitted_at, r.pk))
    assert last.reference in second
    past = client.get(QUEUE, {"after": f"{10**17}-1"})
    assert past.status_code == 200
    assert "Aucune autre demande n'attend votre autorisation." in past.content.decode()
    for unreadable in ("x", "12-", "-3", "1" * 40 + "-1", "2-" + "9" * 40):
        response = client.get(QUEUE, {"after": unreadable})
        assert response.status_code == 200, unreadable
        assert "Page suivante" in response.content.decode()


def test_a_hand_edited_selection_with_an_id_too_wide_for_the_database_is_refused_plainly(
    client: Any, queue_of: Any
) -> None:
    signatory, association = queue_of
    chosen = PaymentRequestFactory(association=association, total=Decimal("10"))
    login(client, signatory.user)
    wide = "9" * 20  # wider than any database integer: SQLite raised OverflowError (a 500)
    response = client.post(reverse("establishments:bulk_confirm"), {"ids": [wide]}, follow=True)
    assert response.status_code == 200
    assert "Cochez au moins une demande de votre file." in response.content.decode()
    response = client.post(
        reverse("establishments:bulk_confirm"),
        {"confirm": "1", "ids": f"{chosen.pk},{wide}", "count": "1", "total": "10"},
        follow=True,
    )
    assert response.status_code == 200
    assert not PaymentRequest.objects.filter(status=Status.AUTHORIZED).exists()


def _bulk_authorize(client: Any, chosen: list[Any]) -> Any:
    """The confirmation's POST, as the confirmation page writes it; the queue it lands on."""
    total = sum((r.total for r in chosen), Decimal(0))
    return client.post(
        reverse("establishments:bulk_confirm"),
        {
            "confirm": "1",
            "ids": ",".join(str(r.pk) for r in sorted(chosen, key=lambda r: r.pk)),
            "count": str(len(chosen)),
            "total": str(total),
        },
        follow=True,
    )


def test_each_request_authorized_at_once_keeps_its_step_decision_and_audit_event(
    client: Any, world: EstablishmentWorld, queue_of: Any
) -> None:
    signatory, association = queue_of
    clsc = AssociationFactory(signatory=signatory, installation=world.clsc)
    chosen = [PaymentRequestFactory(association=association) for _ in range(3)]
    chosen.append(PaymentRequestFactory(association=clsc))
    login(client, signatory.user)
    body = _bulk_authorize(client, chosen).content.decode()
    assert "4 demandes autorisées." in body
    confirmation = AuditEvent.objects.get(action="payment_request.bulk_authorized")
    assert confirmation.details["count"] == 4
    assert confirmation.details["requests"] == sorted(r.pk for r in chosen)
    for payment_request in chosen:
        payment_request.refresh_from_db()
        assert payment_request.status == Status.AUTHORIZED
        assert payment_request.decided_by == signatory.user
        assert payment_request.decided_at is not None
        step = payment_request.steps.get(status=Status.AUTHORIZED)
        assert (step.actor, step.reason, step.at) == (
            signatory.user,
            "",
            payment_request.decided_at,
        )
        event = AuditEvent.objects.get(
            action="payment_request.authorized",
            target_type="establishments.paymentrequest",
            target_id=str(payment_request.pk),
        )
        assert event.actor == signatory.user
        assert event.client_address == "127.0.0.1"
        assert event.details == {"bulk_authorization": confirmation.pk}
    assert AuditEvent.objects.filter(action="payment_request.authorized").count() == 4


@pytest.mark.parametrize("broken", ["association_ended", "outside_dates", "own_request"])
def test_when_one_request_of_the_batch_left_the_queue_none_is_authorized_and_the_page_says_so(
    client: Any, world: EstablishmentWorld, broken: str
) -> None:
    signatory = signatory_with_grant(world.cisss, user=professional())
    association = AssociationFactory(signatory=signatory, installation=world.hospital)
    chosen = [PaymentRequestFactory(association=association) for _ in range(3)]
    if broken == "own_request":
        own = AssociationFactory(
            signatory=signatory, professional=signatory.user, installation=world.clsc
        )
        odd = PaymentRequestFactory(association=own)
    else:
        other = AssociationFactory(signatory=signatory, installation=world.clsc)
        odd = PaymentRequestFactory(association=other)
        if broken == "association_ended":
            Association.objects.filter(pk=other.pk).update(ended_at=timezone.now())
        else:
            Association.objects.filter(pk=other.pk).update(valid_from=odd.period_end)
    login(client, signatory.user)
    body = html.unescape(_bulk_authorize(client, [*chosen, odd]).content.decode())
    assert "une demande a été traitée ou n'est plus dans votre file" in body
    assert "Rien n'a été autorisé" in body
    assert not PaymentRequest.objects.filter(status=Status.AUTHORIZED).exists()
    assert not PaymentRequestStep.objects.filter(status=Status.AUTHORIZED).exists()
    assert not AuditEvent.objects.filter(action__startswith="payment_request.").exists()
    # Without the request that broke the rule, the same batch goes through.
    assert "3 demandes autorisées." in _bulk_authorize(client, chosen).content.decode()


def test_the_requests_authorized_at_once_are_locked_against_a_concurrent_decision(
    client: Any, queue_of: Any
) -> None:
    if not connection.features.has_select_for_update:
        pytest.skip("SQLite locks the whole database for a write transaction")
    signatory, association = queue_of
    chosen = [PaymentRequestFactory(association=association) for _ in range(2)]
    login(client, signatory.user)
    with CaptureQueriesContext(connection) as queries:
        _bulk_authorize(client, chosen)
    locks = [
        q["sql"]
        for q in queries.captured_queries
        if "FOR UPDATE" in q["sql"] and '"establishments_paymentrequest"' in q["sql"]
    ]
    assert len(locks) == 1
    assert all(str(r.pk) in locks[0] for r in chosen)


@POSTGRESQL_ONLY
def test_a_bulk_authorization_runs_with_the_app_roles_privileges(
    client: Any,
    queue_of: Any,
    running_as_app_role: str,  # noqa: F811 (the fixture imported above)
) -> None:
    """Its steps and audit events are written by INSERT … SELECT (sel/core/inserts.py): the
    role that may only read and add audit rows writes them."""
    signatory, association = queue_of
    chosen = [PaymentRequestFactory(association=association) for _ in range(2)]
    login(client, signatory.user)
    assert "2 demandes autorisées." in _bulk_authorize(client, chosen).content.decode()
    assert AuditEvent.objects.filter(action="payment_request.authorized").count() == 2
    assert PaymentRequestStep.objects.filter(status=Status.AUTHORIZED).count() == 2
