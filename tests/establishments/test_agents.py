"""The agents' read-only views: register, associations, queues and a request's history, every
read audited; the daily digest, with no personal data; the transmission for payment."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from typing import Any, cast

from django.urls import reverse
from django.utils import timezone

from sel.audit.models import AuditEvent
from sel.establishments.models import Association, PaymentRequest, Status
from sel.establishments.services.digest import payment_digest_send
from sel.establishments.services.payment_requests import payment_requests_transmit
from sel.outbox.models import OutboundEmail
from tests.conftest import login
from tests.establishments.helpers import association_change_post
from tests.factories.establishments import (
    AssociationFactory,
    EstablishmentWorld,
    PaymentRequestFactory,
    association_user,
    establishments_agent,
    professional,
    signatory_with_grant,
)

TODAY = timezone.localdate()


def test_each_agent_read_is_audited(client: Any, world: EstablishmentWorld) -> None:
    signatory = signatory_with_grant(world.cisss)
    association = AssociationFactory(signatory=signatory, installation=world.hospital)
    waiting = PaymentRequestFactory(association=association)
    login(client, establishments_agent("view_establishment_data"))
    pages = [
        (reverse("establishments:agent_establishments"), {"q": "CISSS"}, "CISSS TEST"),
        (reverse("establishments:agent_establishment", args=["11045"]), {}, "CA-2026-001"),
        (
            reverse("establishments:agent_signatory_queue", args=[signatory.pk]),
            {},
            waiting.reference,
        ),
        (reverse("establishments:agent_history"), {"reference": waiting.reference}, "En attente"),
    ]
    for count, (url, query, expected) in enumerate(pages, start=1):
        response = client.get(url, query)
        assert response.status_code == 200, url
        assert expected in response.content.decode(), url
        assert AuditEvent.objects.filter(action="establishments.read").count() == count
    assert association.professional.username in client.get(pages[1][0]).content.decode()


def test_an_unknown_reference_is_explained_and_nothing_is_changed(
    client: Any, world: EstablishmentWorld
) -> None:
    login(client, establishments_agent("view_establishment_data"))
    response = client.get(reverse("establishments:agent_history"), {"reference": "DP26NOPE"})
    assert response.status_code == 404
    assert "Aucune demande de paiement ne porte ce numéro" in response.content.decode()
    assert (
        client.get(reverse("establishments:agent_establishment", args=["99999"])).status_code == 404
    )


def test_the_daily_digest_counts_without_personal_data(world: EstablishmentWorld) -> None:
    signatory = signatory_with_grant(world.cisss)
    association = AssociationFactory(signatory=signatory, installation=world.hospital)
    requests: list[PaymentRequest] = [
        PaymentRequestFactory(association=association) for _ in range(3)
    ]
    idle = signatory_with_grant(world.other)
    assert payment_digest_send() == 1
    email = OutboundEmail.objects.get(template="establishments/digest")
    assert email.to == signatory.user.email and email.to != idle.user.email
    assert email.context["waiting"] == 3
    text = str(email.context)
    professional = association.professional
    for private in (professional.last_name, professional.username, requests[0].reference, "965"):
        assert private not in text


def test_authorized_requests_are_transmitted_for_payment(world: EstablishmentWorld) -> None:
    association = AssociationFactory(
        signatory=signatory_with_grant(world.cisss), installation=world.hospital
    )
    authorized = PaymentRequestFactory(association=association, status=Status.AUTHORIZED)
    waiting = PaymentRequestFactory(association=association)
    assert payment_requests_transmit() == 1
    assert PaymentRequest.objects.get(pk=authorized.pk).status == Status.TRANSMITTED
    assert PaymentRequest.objects.get(pk=waiting.pk).status == Status.AWAITING


# --- the agent's walk: establishment → association (with its history) → request → queue -------


def _href(page: str, prefix: str) -> str:
    """The first link of ``page`` that starts with ``prefix`` (the walk follows what it shows)."""
    found = re.search(rf'href="({re.escape(prefix)}[^"]*)"', page)
    assert found, f"no link to {prefix}"
    return unescape(found.group(1))


def _reads() -> list[dict[str, Any]]:
    return [
        event.details
        for event in AuditEvent.objects.filter(action="establishments.read").order_by("pk")
    ]


def test_an_agent_walks_to_an_associations_history_and_its_requests_each_read_audited(
    client: Any, world: EstablishmentWorld
) -> None:
    first = signatory_with_grant(world.cisss)
    second = signatory_with_grant(world.cisss)
    doctor = professional(practice_number="123456")
    editor = association_user(world.cisss)
    login(client, editor)
    created = client.post(
        reverse("establishments:association_new"),
        {
            "installation_number": world.hospital.number,
            "professional": "123456",
            "signatory_username": first.user.username,
            "valid_from": (TODAY - timedelta(days=3000)).isoformat(),
            "valid_until": "",
        },
    )
    assert created.status_code == 302
    association = Association.objects.get()
    assert (
        association_change_post(
            client, association, signatory_username=second.user.username
        ).status_code
        == 302
    )
    refused = cast(PaymentRequest, PaymentRequestFactory(association=association))
    login(client, second.user)
    decided = client.post(
        reverse("establishments:queue_request", args=[refused.reference]),
        {"action": "refuse", "refuse-reason": "Heures non prévues au contrat"},
    )
    assert decided.status_code == 302
    login(client, editor)
    ended = client.post(
        reverse("establishments:association_end", args=[association.pk]),
        {"end_on": TODAY.isoformat()},
    )
    assert ended.status_code == 302
    assert AuditEvent.objects.filter(action="establishments.read").count() == 0

    login(client, establishments_agent("view_establishment_data"))
    # The establishment's page links each association to its page.
    establishment = client.get(reverse("establishments:agent_establishment", args=["11045"]))
    assert establishment.status_code == 200
    association_url = _href(establishment.content.decode(), "/etablissements/regie/associations/")
    assert association_url == reverse("establishments:agent_association", args=[association.pk])
    assert _reads() == [{"read": "establishment", "establishment": "11045"}]

    # The association's page: its history, who did what and when, before and after.
    response = client.get(association_url)
    assert response.status_code == 200
    page = unescape(response.content.decode())
    history = page.split("<h2>Historique</h2>")[1].split("</table>")[0]
    for kind in ("Créée", "Modifiée", "Terminée"):
        assert kind in history
    assert f"{editor.get_full_name()} ({editor.username})" in history
    assert (
        f"{first.user.get_full_name()} ({first.user.username}) → "
        f"{second.user.get_full_name()} ({second.user.username})"
    ) in history
    change = association.history.get(kind="changed")
    assert timezone.localtime(change.at).strftime("%Y-%m-%d %H:%M") in history
    assert doctor.get_full_name() in page
    assert refused.reference in page and "Refusée" in page
    assert _reads()[-1] == {"read": "association", "association": association.pk}
    assert len(_reads()) == 2

    # From the association, the request's full history: who decided, when, why.
    history_url = _href(page, reverse("establishments:agent_history"))
    response = client.get(history_url)
    assert response.status_code == 200
    page = unescape(response.content.decode())
    refused.refresh_from_db()
    assert "Heures non prévues au contrat" in page
    assert second.user.get_full_name() in page
    assert timezone.localtime(refused.decided_at).strftime("%Y-%m-%d %H:%M") in page
    assert _reads()[-1] == {"read": "request", "request_id": refused.pk}

    # And on to the signatory's queue, and back to the association.
    queue_url = reverse("establishments:agent_signatory_queue", args=[second.pk])
    assert queue_url in page and association_url in page
    assert client.get(queue_url).status_code == 200
    assert _reads()[-1] == {"read": "queue", "signatory": second.pk}
    assert len(_reads()) == 4


def test_a_missing_association_is_a_404_and_nothing_is_read(
    client: Any, world: EstablishmentWorld
) -> None:
    login(client, establishments_agent("view_establishment_data"))
    url = reverse("establishments:agent_association", args=[987654])
    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="establishments.read").exists()


def test_a_request_no_association_covers_is_reached_from_its_establishment(
    client: Any, world: EstablishmentWorld
) -> None:
    covered = AssociationFactory(
        signatory=signatory_with_grant(world.cisss), installation=world.hospital
    )
    orphan = cast(
        PaymentRequest, PaymentRequestFactory(association=covered, status=Status.SUBMITTED)
    )
    PaymentRequest.objects.filter(pk=orphan.pk).update(association=None)
    elsewhere = AssociationFactory(
        signatory=signatory_with_grant(world.other), installation=world.other_hospital
    )
    theirs = cast(
        PaymentRequest, PaymentRequestFactory(association=elsewhere, status=Status.SUBMITTED)
    )
    PaymentRequest.objects.filter(pk=theirs.pk).update(association=None)
    login(client, establishments_agent("view_establishment_data"))
    page = client.get(reverse("establishments:agent_establishment", args=["11045"]))
    text = page.content.decode()
    assert orphan.reference in text and theirs.reference not in text
    response = client.get(_href(text, reverse("establishments:agent_history")))
    assert response.status_code == 200
    assert "elle n'est dans la file d'aucun signataire" in unescape(response.content.decode())
    assert orphan.reference in unescape(response.content.decode())
