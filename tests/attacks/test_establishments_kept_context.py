"""The signatory's queue keeps its context (grant, scope, associations) between requests
(sel/establishments/context_cache.py). Each way that context changes, through the pages that
change it, closes the queue on the signatory's very next request, and a decision is refused:
issue #14, « a withdrawn grant or an ended association closes the queue at once ». The same
tests run on the database cache (SQLite) and on Redis (CI's PostgreSQL pass)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sel.access.models import AccessRequest
from sel.establishments import access
from sel.establishments.context_cache import context_key
from sel.establishments.models import Association, PaymentRequest, Signatory, Status
from tests.conftest import login
from tests.factories.access import access_agent
from tests.factories.establishments import (
    AssociationFactory,
    EstablishmentWorld,
    PaymentRequestFactory,
    association_user,
    establishments_agent,
    signatory_with_grant,
)

QUEUE = reverse("establishments:queue")


@pytest.fixture
def world(db: Any) -> EstablishmentWorld:
    return EstablishmentWorld.build()


@pytest.fixture
def waiting(world: EstablishmentWorld, client: Any) -> PaymentRequest:
    """A request in a signatory's queue, the signatory logged in on ``client`` and their queue
    seen once (its context is kept from then on)."""
    signatory = signatory_with_grant(world.cisss)
    target = PaymentRequestFactory(
        association=AssociationFactory(signatory=signatory, installation=world.hospital)
    )
    login(client, signatory.user)
    assert target.reference in client.get(QUEUE).content.decode()
    return target


def _decisions_refused(client: Any, target: PaymentRequest, status: int) -> None:
    """One authorization from the request's page and one at once: both refused with
    ``status``, the request still waiting."""
    url = reverse("establishments:queue_request", args=[target.reference])
    assert client.post(url, {"action": "authorize"}).status_code == status
    client.post(
        reverse("establishments:bulk_confirm"),
        {"confirm": "1", "ids": str(target.pk), "count": "1", "total": str(target.total)},
    )
    target.refresh_from_db()
    assert target.status == Status.AWAITING


def test_the_queue_reads_no_grant_and_no_association_on_a_second_visit(
    client: Any, waiting: PaymentRequest
) -> None:
    with CaptureQueriesContext(connection) as queries:
        body = client.get(QUEUE).content.decode()
    assert waiting.reference in body
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert '"access_grant"' not in read and '"establishments_association"' not in read


def test_an_association_ended_on_its_page_closes_the_queue_at_once(
    client: Any, world: EstablishmentWorld, waiting: PaymentRequest
) -> None:
    manager = Client()
    login(manager, association_user(world.cisss))
    ended = manager.post(
        reverse("establishments:association_end", args=[waiting.association_id]),
        {"end_on": timezone.localdate().isoformat()},
    )
    assert ended.status_code == 302
    assert waiting.reference not in client.get(QUEUE).content.decode()
    _decisions_refused(client, waiting, 404)


def test_a_grant_withdrawn_by_an_agent_closes_the_queue_at_once(
    client: Any, waiting: PaymentRequest
) -> None:
    agent = Client()
    login(agent, access_agent())
    grant = waiting.association.signatory.user.grants.get()
    withdrawn = agent.post(reverse("access:agent_grant_revoke", args=[grant.pk]), {"reason": "x"})
    assert withdrawn.status_code == 302
    assert client.get(QUEUE).status_code == 403
    _decisions_refused(client, waiting, 403)


def test_a_signatory_taken_off_the_register_by_an_agent_has_an_empty_queue_at_once(
    client: Any, waiting: PaymentRequest
) -> None:
    agent = Client()
    login(agent, establishments_agent())
    signatory = waiting.association.signatory
    removed = agent.post(reverse("establishments:agent_signatory_remove", args=[signatory.pk]))
    assert removed.status_code == 302
    assert waiting.reference not in client.get(QUEUE).content.decode()
    _decisions_refused(client, waiting, 404)


def test_an_association_given_to_another_signatory_on_its_page_moves_the_request_at_once(
    client: Any, world: EstablishmentWorld, waiting: PaymentRequest
) -> None:
    """The « change an association » page: the former signatory's next visit no longer shows
    the request and their decision is refused; the new signatory's queue shows it."""
    association = Association.objects.get(pk=waiting.association_id)
    successor = signatory_with_grant(world.cisss)
    manager = Client()
    login(manager, association_user(world.cisss))
    changed = manager.post(
        reverse("establishments:association_change", args=[association.pk]),
        {
            "signatory_username": successor.user.username,
            "valid_from": association.valid_from.isoformat(),
            "valid_until": "",
        },
    )
    assert changed.status_code == 302
    assert waiting.reference not in client.get(QUEUE).content.decode()
    _decisions_refused(client, waiting, 404)
    other = Client()
    login(other, successor.user)
    assert waiting.reference in other.get(QUEUE).content.decode()


def test_an_association_whose_dates_change_no_longer_covers_the_request_at_once(
    client: Any, waiting: PaymentRequest
) -> None:
    """A change of an association by any service (a save of the model) ends the kept
    context: here its end moves before the request's period ends."""
    association = Association.objects.get(pk=waiting.association_id)
    association.valid_until = waiting.period_end - timedelta(days=1)
    association.save()
    assert waiting.reference not in client.get(QUEUE).content.decode()
    _decisions_refused(client, waiting, 404)


def test_a_scope_narrowed_to_another_installation_closes_the_queue_at_once(
    client: Any, world: EstablishmentWorld, waiting: PaymentRequest
) -> None:
    grant = waiting.association.signatory.user.grants.get()
    request = AccessRequest.objects.get(pk=grant.access_request_id)
    request.scope, request.establishment_numbers = "some", [world.clsc.number]
    request.save()
    assert waiting.reference not in client.get(QUEUE).content.decode()
    _decisions_refused(client, waiting, 404)


def test_a_register_entry_ended_by_an_update_closes_the_queue_at_once(
    client: Any, waiting: PaymentRequest
) -> None:
    """An ``update`` of the register's or associations' rows (no model signal) ends the kept
    contexts too."""
    Signatory.objects.filter(pk=waiting.association.signatory_id).update(ended_at=timezone.now())
    assert waiting.reference not in client.get(QUEUE).content.decode()


def test_a_context_read_while_its_data_changes_is_not_kept(
    client: Any, waiting: PaymentRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The generation is read before the context: an association ended while the context is
    being read (another request's write) leaves nothing stale behind for the next visit."""
    reading = access.signatory_context

    def read_while_ended(user: Any) -> Any:
        context = reading(user)
        Association.objects.filter(pk=waiting.association_id).update(ended_at=timezone.now())
        return context

    signatory = waiting.association.signatory
    key = context_key(signatory.user_id, timezone.localdate(), access.CONTEXT_SHAPE)
    assert cache.get(key) is not None
    cache.delete(key)  # read afresh at the next visit
    monkeypatch.setattr(access, "signatory_context", read_while_ended)
    assert waiting.reference in client.get(QUEUE).content.decode()  # read before the end
    monkeypatch.setattr(access, "signatory_context", reading)
    assert waiting.reference not in client.get(QUEUE).content.decode()
