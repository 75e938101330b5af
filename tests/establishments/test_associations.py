"""The *Association* application: list, search, create, end and export the associations of the
user's scope; its three refusals; every change audited and emailed to the signatory."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any, cast

from django.urls import reverse
from django.utils import timezone

from sel.audit.models import AuditEvent
from sel.establishments.models import Association, PaymentRequest, Status
from sel.outbox.models import OutboundEmail
from tests.conftest import login
from tests.factories.establishments import (
    AssociationFactory,
    EstablishmentWorld,
    PaymentRequestFactory,
    association_user,
    professional,
    signatory_with_grant,
)

NEW = reverse("establishments:association_new")


def _form(world: EstablishmentWorld, signatory: Any, doctor: Any, **fields: str) -> dict[str, str]:
    return {
        "installation_number": world.hospital.number,
        "professional": doctor.practice_number or doctor.username,
        "signatory_username": signatory.user.username,
        "valid_from": (timezone.localdate() - timedelta(days=10)).isoformat(),
        "valid_until": "",
    } | fields


def test_an_association_is_created_audited_and_emailed_to_the_signatory(
    client: Any, world: EstablishmentWorld
) -> None:
    signatory = signatory_with_grant(world.cisss)
    doctor = professional(practice_number="123456")
    login(client, association_user(world.cisss))
    response = client.post(NEW, _form(world, signatory, doctor))
    assert response.status_code == 302
    association = Association.objects.get()
    assert (association.signatory, association.professional) == (signatory, doctor)
    assert AuditEvent.objects.filter(action="association.created").count() == 1
    email = OutboundEmail.objects.get(template="establishments/association_created")
    assert email.to == signatory.user.email


def test_a_waiting_request_enters_the_new_signatorys_queue(
    client: Any, world: EstablishmentWorld
) -> None:
    signatory = signatory_with_grant(world.cisss)
    doctor = professional()
    old = AssociationFactory(signatory=signatory, professional=doctor, installation=world.hospital)
    waiting = cast(PaymentRequest, PaymentRequestFactory(association=old, status=Status.SUBMITTED))
    waiting.association = None
    waiting.save()
    Association.objects.filter(pk=old.pk).delete()
    login(client, association_user(world.cisss))
    valid_from = (waiting.period_start - timedelta(days=1)).isoformat()
    assert (
        client.post(NEW, _form(world, signatory, doctor, valid_from=valid_from)).status_code == 302
    )
    waiting.refresh_from_db()
    assert waiting.status == Status.AWAITING


def test_an_installation_outside_the_grant_is_refused_and_the_form_kept(
    client: Any, world: EstablishmentWorld
) -> None:
    signatory = signatory_with_grant(world.cisss)
    doctor = professional()
    login(client, association_user(world.cisss, scope="some", numbers=["51235"]))
    response = client.post(NEW, _form(world, signatory, doctor))
    assert response.status_code == 400
    body = response.content.decode()
    assert "ne fait pas partie des installations de votre accès" in body
    assert f'value="{world.hospital.number}"' in body
    assert not Association.objects.exists()


def test_another_establishments_installation_is_refused(
    client: Any, world: EstablishmentWorld
) -> None:
    signatory = signatory_with_grant(world.cisss)
    login(client, association_user(world.cisss))
    response = client.post(
        NEW,
        _form(world, signatory, professional(), installation_number=world.other_hospital.number),
    )
    assert response.status_code == 400
    assert not Association.objects.exists()


def test_overlapping_dates_for_the_same_professional_and_installation_are_refused(
    client: Any, world: EstablishmentWorld
) -> None:
    signatory = signatory_with_grant(world.cisss)
    doctor = professional()
    AssociationFactory(signatory=signatory, professional=doctor, installation=world.hospital)
    login(client, association_user(world.cisss))
    response = client.post(NEW, _form(world, signatory, doctor))
    assert response.status_code == 400
    assert "ne peuvent pas se chevaucher" in response.content.decode()
    assert Association.objects.count() == 1


def test_a_signatory_not_in_the_register_is_refused(client: Any, world: EstablishmentWorld) -> None:
    signatory = signatory_with_grant(world.other)  # another establishment's register
    login(client, association_user(world.cisss))
    response = client.post(NEW, _form(world, signatory, professional()))
    assert response.status_code == 400
    assert "registre des signataires autorisés" in response.content.decode()


def test_an_unknown_professional_number_is_explained(
    client: Any, world: EstablishmentWorld
) -> None:
    signatory = signatory_with_grant(world.cisss)
    login(client, association_user(world.cisss))
    response = client.post(NEW, _form(world, signatory, professional(), professional="999999"))
    assert response.status_code == 400
    assert "Aucun professionnel ne porte ce numéro" in response.content.decode()


def test_ending_today_closes_the_queue_at_once_and_tells_the_signatory(
    client: Any, world: EstablishmentWorld
) -> None:
    signatory = signatory_with_grant(world.cisss)
    association = AssociationFactory(signatory=signatory, installation=world.hospital)
    waiting = PaymentRequestFactory(association=association)
    login(client, association_user(world.cisss))
    url = reverse("establishments:association_end", args=[association.pk])
    assert client.post(url, {"end_on": timezone.localdate().isoformat()}).status_code == 302
    association.refresh_from_db()
    assert association.ended_at is not None
    assert OutboundEmail.objects.filter(template="establishments/association_ended").count() == 1
    login(client, signatory.user)
    queue = client.get(reverse("establishments:queue")).content.decode()
    assert waiting.reference not in queue


def test_list_search_and_export_show_only_the_scope(client: Any, world: EstablishmentWorld) -> None:
    mine = AssociationFactory(
        signatory=signatory_with_grant(world.cisss), installation=world.hospital
    )
    theirs = AssociationFactory(
        signatory=signatory_with_grant(world.other), installation=world.other_hospital
    )
    login(client, association_user(world.cisss))
    page = client.get(reverse("establishments:associations")).content.decode()
    assert mine.professional.username in page and theirs.professional.username not in page
    found = client.get(reverse("establishments:associations"), {"q": mine.professional.last_name})
    assert mine.professional.username in found.content.decode()
    export = client.get(reverse("establishments:associations_export"))
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert [row[1] for row in rows[1:]] == [mine.professional.username]
    assert AuditEvent.objects.filter(action="association.exported").count() == 1


def test_a_name_that_looks_like_a_formula_is_neutralised_in_the_export(
    client: Any, world: EstablishmentWorld
) -> None:
    doctor = professional(first_name="=HYPERLINK(1)", last_name="X")
    AssociationFactory(
        signatory=signatory_with_grant(world.cisss),
        professional=doctor,
        installation=world.hospital,
    )
    login(client, association_user(world.cisss))
    export = client.get(reverse("establishments:associations_export")).content.decode()
    assert "'=HYPERLINK(1) X" in export
