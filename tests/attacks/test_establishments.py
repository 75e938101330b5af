"""Attacks on the establishments' applications, over HTTP: another establishment's request,
self-authorization, an ended association, a withdrawn grant, a signatory taken off the
register, another professional's request, another scope's association, the agents' gates."""

from __future__ import annotations

from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sel.establishments.models import Association, PaymentRequest, Signatory, Status
from tests.conftest import login
from tests.establishments.helpers import association_change_post
from tests.factories.access import access_agent
from tests.factories.accounts import UserFactory
from tests.factories.establishments import (
    AssociationFactory,
    EstablishmentWorld,
    PaymentRequestFactory,
    association_user,
    professional,
    signatory_with_grant,
)


@pytest.fixture
def world(db: Any) -> EstablishmentWorld:
    return EstablishmentWorld.build()


def _authorize(client: Any, payment_request: PaymentRequest) -> Any:
    url = reverse("establishments:queue_request", args=[payment_request.reference])
    return client.post(url, {"action": "authorize"})


def _bulk(client: Any, payment_request: PaymentRequest) -> Any:
    return client.post(
        reverse("establishments:bulk_confirm"),
        {
            "confirm": "1",
            "ids": str(payment_request.pk),
            "count": "1",
            "total": str(payment_request.total),
        },
    )


def _still_waiting(payment_request: PaymentRequest) -> bool:
    payment_request.refresh_from_db()
    return payment_request.status == Status.AWAITING


def test_another_establishments_request_is_a_404_and_stays_waiting(
    client: Any, world: EstablishmentWorld
) -> None:
    mine = signatory_with_grant(world.cisss)
    theirs = AssociationFactory(
        signatory=signatory_with_grant(world.other), installation=world.other_hospital
    )
    target = PaymentRequestFactory(association=theirs)
    login(client, mine.user)
    url = reverse("establishments:queue_request", args=[target.reference])
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("establishments:queue_request", args=["DP260000000000"])).status_code
        == 404
    )
    assert _authorize(client, target).status_code == 404
    _bulk(client, target)
    assert _still_waiting(target)
    assert target.reference not in client.get(reverse("establishments:queue")).content.decode()


def test_the_bulk_confirmation_tells_nothing_of_another_establishments_request(
    client: Any, world: EstablishmentWorld
) -> None:
    """A hand-written confirmation naming another establishment's request, with its exact total,
    gets the answer a key that names no request gets: neither its existence nor its total leaks."""
    mine = signatory_with_grant(world.cisss)
    theirs = AssociationFactory(
        signatory=signatory_with_grant(world.other), installation=world.other_hospital
    )
    target = PaymentRequestFactory(association=theirs)
    login(client, mine.user)

    def answer(key: int) -> tuple[int, str]:
        response = client.post(
            reverse("establishments:bulk_confirm"),
            {"confirm": "1", "ids": str(key), "count": "1", "total": str(target.total)},
            follow=True,
        )
        page = unescape(response.content.decode())
        start = page.index('class="messages"')
        return response.status_code, page[start : page.index("</div>", start)]

    existing, missing = answer(target.pk), answer(target.pk + 10_000)
    assert existing == missing
    assert "n'est plus dans votre file" in existing[1]
    assert _still_waiting(target)


def test_a_signatory_cannot_authorize_their_own_request(
    client: Any, world: EstablishmentWorld
) -> None:
    signatory = signatory_with_grant(world.cisss, user=professional())
    own = AssociationFactory(
        signatory=signatory, professional=signatory.user, installation=world.hospital
    )
    target = PaymentRequestFactory(association=own)
    login(client, signatory.user)
    assert target.reference not in client.get(reverse("establishments:queue")).content.decode()
    assert _authorize(client, target).status_code == 404
    _bulk(client, target)
    assert _still_waiting(target)


def test_an_ended_association_closes_the_queue_at_once(
    client: Any, world: EstablishmentWorld
) -> None:
    signatory = signatory_with_grant(world.cisss)
    association = AssociationFactory(signatory=signatory, installation=world.hospital)
    target = PaymentRequestFactory(association=association)
    login(client, signatory.user)
    assert target.reference in client.get(reverse("establishments:queue")).content.decode()
    Association.objects.filter(pk=association.pk).update(ended_at=timezone.now())
    assert target.reference not in client.get(reverse("establishments:queue")).content.decode()
    assert _authorize(client, target).status_code == 404
    _bulk(client, target)
    assert _still_waiting(target)


def test_a_request_outside_the_associations_dates_is_not_authorized(
    client: Any, world: EstablishmentWorld
) -> None:
    signatory = signatory_with_grant(world.cisss)
    association = AssociationFactory(signatory=signatory, installation=world.hospital)
    target = PaymentRequestFactory(association=association)
    Association.objects.filter(pk=association.pk).update(valid_from=target.period_end)
    login(client, signatory.user)
    _bulk(client, target)
    assert _still_waiting(target)


def test_a_withdrawn_grant_closes_the_queue_at_once(client: Any, world: EstablishmentWorld) -> None:
    """The queue's page keeps the signatory's context between requests: the agent's withdrawal,
    through the Régie's page, ends it before the signatory's next request."""
    signatory = signatory_with_grant(world.cisss)
    target = PaymentRequestFactory(
        association=AssociationFactory(signatory=signatory, installation=world.hospital)
    )
    login(client, signatory.user)
    assert target.reference in client.get(reverse("establishments:queue")).content.decode()
    agent = Client()
    login(agent, access_agent())
    grant = signatory.user.grants.get()
    withdrawn = agent.post(reverse("access:agent_grant_revoke", args=[grant.pk]), {"reason": "Fin"})
    assert withdrawn.status_code == 302
    assert client.get(reverse("establishments:queue")).status_code == 403
    assert _authorize(client, target).status_code == 403
    assert _bulk(client, target).status_code == 403
    assert _still_waiting(target)


def test_a_grant_narrowed_to_other_installations_closes_those_requests(
    client: Any, world: EstablishmentWorld
) -> None:
    signatory = signatory_with_grant(world.cisss, scope="some", numbers=[world.clsc.number])
    target = PaymentRequestFactory(
        association=AssociationFactory(signatory=signatory, installation=world.hospital)
    )
    login(client, signatory.user)
    assert _authorize(client, target).status_code == 404
    _bulk(client, target)
    assert _still_waiting(target)


def test_a_signatory_taken_off_the_register_has_an_empty_queue(
    client: Any, world: EstablishmentWorld
) -> None:
    signatory = signatory_with_grant(world.cisss)
    target = PaymentRequestFactory(
        association=AssociationFactory(signatory=signatory, installation=world.hospital)
    )
    Signatory.objects.filter(pk=signatory.pk).update(ended_at=timezone.now())
    login(client, signatory.user)
    assert _authorize(client, target).status_code == 404
    assert _still_waiting(target)


def test_a_grant_without_an_establishments_request_opens_no_installation(
    client: Any, world: EstablishmentWorld
) -> None:
    from sel.access.models import OnlineService, ServiceCode
    from tests.factories.access import GrantFactory

    user = UserFactory(role="establishment_staff")
    GrantFactory(
        user=user,
        online_service=OnlineService.objects.get(
            code=ServiceCode.AUTHORIZER_PROFESSIONAL_ASSOCIATION
        ),
    )
    signatory = signatory_with_grant(world.cisss)
    login(client, user)
    response = client.post(
        reverse("establishments:association_new"),
        {
            "installation_number": world.hospital.number,
            "professional": professional().username,
            "signatory_username": signatory.user.username,
            "valid_from": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    assert not Association.objects.exists()


def test_another_professionals_request_is_a_404(client: Any, world: EstablishmentWorld) -> None:
    target = PaymentRequestFactory(
        association=AssociationFactory(
            signatory=signatory_with_grant(world.cisss), installation=world.hospital
        )
    )
    login(client, professional())
    assert (
        client.get(reverse("establishments:my_request", args=[target.reference])).status_code == 404
    )
    assert (
        client.get(
            reverse("establishments:my_request_correct", args=[target.reference])
        ).status_code
        == 404
    )


def test_another_scopes_association_cannot_be_ended(client: Any, world: EstablishmentWorld) -> None:
    theirs = AssociationFactory(
        signatory=signatory_with_grant(world.other), installation=world.other_hospital
    )
    login(client, association_user(world.cisss))
    url = reverse("establishments:association_end", args=[theirs.pk])
    assert client.post(url, {"end_on": timezone.localdate().isoformat()}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.ended_at is None


def test_the_agents_pages_refuse_establishment_staff(
    client: Any, world: EstablishmentWorld
) -> None:
    login(client, signatory_with_grant(world.cisss).user)
    for url in (
        reverse("establishments:agent_establishments"),
        reverse("establishments:agent_establishment", args=[world.cisss.number]),
        reverse("establishments:agent_history") + "?reference=DP26",
        reverse("establishments:agent_import"),
    ):
        assert client.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_the_login(client: Any, world: EstablishmentWorld) -> None:
    for name in ("queue", "associations", "my_requests"):
        response = client.get(reverse(f"establishments:{name}"))
        assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


# --- issue #14's functional gaps: the payment requests' grant, changes of associations, the
# register's access-request reference ------------------------------------------------------


def test_a_professional_without_the_grant_cannot_submit_a_payment_request(
    client: Any, world: EstablishmentWorld
) -> None:
    from sel.audit.models import AuditEvent
    from tests.establishments.test_payment_requests import MONDAY, form

    doctor = professional(granted=False)
    AssociationFactory(
        signatory=signatory_with_grant(world.cisss),
        professional=doctor,
        installation=world.hospital,
    )
    login(client, doctor)
    response = client.post(reverse("establishments:my_request_new"), form((MONDAY, "H001", "7,5")))
    assert response.status_code == 403
    assert "Comment obtenir l'accès" in unescape(response.content.decode())
    assert not PaymentRequest.objects.exists()
    assert AuditEvent.objects.filter(
        action="access.refused", actor=doctor, details__service="payment-requests"
    ).exists()


def test_a_withdrawn_payment_requests_grant_closes_the_professionals_pages(
    client: Any, world: EstablishmentWorld
) -> None:
    doctor = professional()
    mine = PaymentRequestFactory(
        association=AssociationFactory(
            signatory=signatory_with_grant(world.cisss),
            professional=doctor,
            installation=world.hospital,
        )
    )
    login(client, doctor)
    page = reverse("establishments:my_request", args=[mine.reference])
    assert client.get(page).status_code == 200
    doctor.grants.update(revoked_at=timezone.now())
    assert client.get(page).status_code == 403
    assert client.get(reverse("establishments:my_requests")).status_code == 403


def test_another_scopes_association_cannot_be_changed(
    client: Any, world: EstablishmentWorld
) -> None:
    theirs = AssociationFactory(
        signatory=signatory_with_grant(world.other), installation=world.other_hospital
    )
    mine = signatory_with_grant(world.cisss)
    login(client, association_user(world.cisss))
    url = reverse("establishments:association_change", args=[theirs.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("establishments:association", args=[theirs.pk])).status_code == 404
    response = association_change_post(
        client, theirs, signatory_username=mine.user.username, valid_until=""
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.signatory.establishment == world.other


def test_a_grant_narrowed_away_from_the_installation_cannot_change_its_association(
    client: Any, world: EstablishmentWorld
) -> None:
    association = AssociationFactory(
        signatory=signatory_with_grant(world.cisss), installation=world.hospital
    )
    other = signatory_with_grant(world.cisss)
    login(client, association_user(world.cisss, scope="some", numbers=[world.clsc.number]))
    response = association_change_post(
        client, association, signatory_username=other.user.username, valid_until=""
    )
    assert response.status_code == 404
    association.refresh_from_db()
    assert association.signatory != other


def test_a_signatory_without_the_association_grant_cannot_reassign_to_themselves(
    client: Any, world: EstablishmentWorld
) -> None:
    association = AssociationFactory(
        signatory=signatory_with_grant(world.cisss), installation=world.hospital
    )
    intruder = signatory_with_grant(world.cisss)
    login(client, intruder.user)
    response = association_change_post(
        client, association, signatory_username=intruder.user.username, valid_until=""
    )
    assert response.status_code == 403
    association.refresh_from_db()
    assert association.signatory != intruder


def test_the_register_refuses_a_person_on_someone_elses_accepted_request(
    client: Any, world: EstablishmentWorld
) -> None:
    from sel.access.models import ServiceCode
    from tests.factories.establishments import establishment_grant, establishments_agent

    designated = UserFactory(role="establishment_staff")
    reference = establishment_grant(
        designated, ServiceCode.ONLINE_PAYMENT_AUTHORIZATION
    ).access_request.reference
    impostor = UserFactory(role="establishment_staff")
    login(client, establishments_agent())
    response = client.post(
        reverse("establishments:agent_signatory_new"),
        {
            "username": impostor.username,
            "establishment_number": world.cisss.number,
            "function": "dsp",
            "resolution_number": "CA-2026-041",
            "resolution_date": "2026-01-15",
            "access_request_reference": reference,
        },
    )
    assert response.status_code == 400
    assert not Signatory.objects.filter(user=impostor).exists()
