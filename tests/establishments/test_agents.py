"""The agents' read-only views: register, associations, queues and a request's history, every
read audited; the daily digest, with no personal data; the transmission for payment."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from sel.audit.models import AuditEvent
from sel.establishments.models import PaymentRequest, Status
from sel.establishments.services.digest import payment_digest_send
from sel.establishments.services.payment_requests import payment_requests_transmit
from sel.outbox.models import OutboundEmail
from tests.conftest import login
from tests.factories.establishments import (
    AssociationFactory,
    EstablishmentWorld,
    PaymentRequestFactory,
    establishments_agent,
    signatory_with_grant,
)


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
