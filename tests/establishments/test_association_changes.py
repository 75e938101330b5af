"""Issue #14: « The person with the *Association* application creates, changes and ends
associations for their establishment ». A change is of the signatory or the dates, refused by
the same rules as a new association (plus: no end in the past, no waiting request left out),
audited, emailed to the signatory (and to the one replaced), and kept in a history shown with
the association. A refusal keeps what was typed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from django.urls import reverse
from django.utils import timezone

from sel.audit.models import AuditEvent
from sel.establishments.models import Association, AssociationChange, PaymentRequest
from sel.outbox.models import OutboundEmail
from tests.conftest import login
from tests.establishments.helpers import association_change_post
from tests.factories.establishments import (
    AssociationFactory,
    EstablishmentWorld,
    PaymentRequestFactory,
    association_user,
    professional,
    signatory_with_grant,
)

TODAY = timezone.localdate()


def test_a_new_signatory_takes_the_waiting_requests_and_both_are_told(
    client: Any, world: EstablishmentWorld
) -> None:
    old = signatory_with_grant(world.cisss)
    new = signatory_with_grant(world.cisss)
    association = AssociationFactory(signatory=old, installation=world.hospital)
    waiting = cast(PaymentRequest, PaymentRequestFactory(association=association))
    editor = association_user(world.cisss)
    login(client, editor)
    form = client.get(reverse("establishments:association_change", args=[association.pk]))
    assert f'value="{old.user.username}"' in form.content.decode()

    response = association_change_post(
        client, association, signatory_username=new.user.username.lower()
    )

    assert response.status_code == 302
    association.refresh_from_db()
    assert association.signatory == new
    event = AuditEvent.objects.get(action="association.changed")
    assert event.details["signatory"] == [old.user_id, new.user_id]
    told = OutboundEmail.objects.get(template="establishments/association_changed")
    assert told.to == new.user.email
    replaced = OutboundEmail.objects.get(template="establishments/association_replaced")
    assert replaced.to == old.user.email
    assert replaced.context["new_signatory"] == new.user.get_full_name()

    # The history shows who changed what, from what to what.
    page = client.get(response["Location"]).content.decode()
    assert "Modifiée" in page and editor.get_full_name() in page
    assert f"{old.user.get_full_name()} ({old.user.username})" in page
    assert f"{new.user.get_full_name()} ({new.user.username})" in page

    # The waiting request moved to the new signatory's queue, out of the old one's.
    login(client, new.user)
    assert waiting.reference in client.get(reverse("establishments:queue")).content.decode()
    login(client, old.user)
    assert waiting.reference not in client.get(reverse("establishments:queue")).content.decode()


def test_the_dates_change_and_a_request_they_now_cover_enters_the_queue(
    client: Any, world: EstablishmentWorld
) -> None:
    signatory = signatory_with_grant(world.cisss)
    doctor = professional()
    association = AssociationFactory(
        signatory=signatory,
        professional=doctor,
        installation=world.hospital,
        valid_from=TODAY - timedelta(days=20),
    )
    older = cast(
        PaymentRequest,
        PaymentRequestFactory(
            association=association,
            status="submitted",
            period_start=TODAY - timedelta(days=60),
            period_end=TODAY - timedelta(days=54),
        ),
    )
    PaymentRequest.objects.filter(pk=older.pk).update(association=None)
    login(client, association_user(world.cisss))
    until = TODAY + timedelta(days=100)
    response = association_change_post(
        client,
        association,
        valid_from=(TODAY - timedelta(days=90)).isoformat(),
        valid_until=until.isoformat(),
    )
    assert response.status_code == 302
    association.refresh_from_db()
    assert (association.valid_from, association.valid_until) == (TODAY - timedelta(days=90), until)
    older.refresh_from_db()
    assert (older.status, older.association_id) == ("awaiting", association.pk)
    change = AssociationChange.objects.get(kind="changed")
    assert change.changes["valid_until"] == [None, until.isoformat()]
    assert AuditEvent.objects.get(action="association.changed").details["requests_linked"] == 1


def test_a_change_that_would_overlap_another_is_refused_and_what_was_typed_stays(
    client: Any, world: EstablishmentWorld
) -> None:
    signatory = signatory_with_grant(world.cisss)
    doctor = professional()
    later = AssociationFactory(
        signatory=signatory,
        professional=doctor,
        installation=world.hospital,
        valid_from=TODAY + timedelta(days=30),
    )
    current = AssociationFactory(
        signatory=signatory,
        professional=doctor,
        installation=world.hospital,
        valid_from=TODAY - timedelta(days=30),
        valid_until=TODAY + timedelta(days=29),
    )
    login(client, association_user(world.cisss))
    typed = (TODAY + timedelta(days=45)).isoformat()
    response = association_change_post(client, current, valid_until=typed)
    assert response.status_code == 400
    body = response.content.decode()
    assert "ne peuvent pas se chevaucher" in body
    assert f'value="{typed}"' in body
    current.refresh_from_db()
    assert current.valid_until == TODAY + timedelta(days=29)
    assert later.valid_from == TODAY + timedelta(days=30)
    assert not AuditEvent.objects.filter(action="association.changed").exists()
    assert not OutboundEmail.objects.filter(template="establishments/association_changed").exists()


def test_a_signatory_not_in_the_register_is_refused(client: Any, world: EstablishmentWorld) -> None:
    association = AssociationFactory(
        signatory=signatory_with_grant(world.cisss), installation=world.hospital
    )
    elsewhere = signatory_with_grant(world.other)  # another establishment's register
    login(client, association_user(world.cisss))
    response = association_change_post(
        client, association, signatory_username=elsewhere.user.username
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "registre des signataires autorisés" in body
    assert f'value="{elsewhere.user.username}"' in body
    association.refresh_from_db()
    assert association.signatory.establishment == world.cisss


def test_an_end_in_the_past_is_refused(client: Any, world: EstablishmentWorld) -> None:
    association = AssociationFactory(
        signatory=signatory_with_grant(world.cisss), installation=world.hospital
    )
    login(client, association_user(world.cisss))
    response = association_change_post(
        client, association, valid_until=(TODAY - timedelta(days=1)).isoformat()
    )
    assert response.status_code == 400
    assert "Terminer l&#x27;association" in response.content.decode()


def test_dates_that_would_leave_a_waiting_request_out_are_refused(
    client: Any, world: EstablishmentWorld
) -> None:
    association = cast(
        Association,
        AssociationFactory(
            signatory=signatory_with_grant(world.cisss), installation=world.hospital
        ),
    )
    waiting = cast(PaymentRequest, PaymentRequestFactory(association=association))
    login(client, association_user(world.cisss))
    response = association_change_post(
        client, association, valid_from=(waiting.period_end + timedelta(days=1)).isoformat()
    )
    assert response.status_code == 400
    assert waiting.reference in response.content.decode()
    association.refresh_from_db()
    assert association.valid_from < waiting.period_start


def test_nothing_changed_is_said_and_an_ended_association_cannot_change(
    client: Any, world: EstablishmentWorld
) -> None:
    association = AssociationFactory(
        signatory=signatory_with_grant(world.cisss), installation=world.hospital
    )
    login(client, association_user(world.cisss))
    response = association_change_post(client, association)
    assert response.status_code == 400
    assert "Rien n&#x27;a changé" in response.content.decode()
    client.post(
        reverse("establishments:association_end", args=[association.pk]),
        {"end_on": TODAY.isoformat()},
    )
    response = association_change_post(client, association, valid_from=TODAY.isoformat())
    assert response.status_code == 400
    assert "déjà terminée" in response.content.decode()


def test_bad_dates_are_explained_in_english_and_kept(
    client: Any, world: EstablishmentWorld
) -> None:
    association = AssociationFactory(
        signatory=signatory_with_grant(world.cisss), installation=world.hospital
    )
    editor = association_user(world.cisss)
    editor.language = "en"
    editor.save()
    login(client, editor)
    response = client.post(
        reverse("establishments:association_change", args=[association.pk]),
        {
            "signatory_username": association.signatory.user.username,
            "valid_from": association.valid_from.isoformat(),
            "valid_until": (TODAY - timedelta(days=3)).isoformat(),
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "The end date cannot be in the past" in body
    assert f'value="{(TODAY - timedelta(days=3)).isoformat()}"' in body


def test_the_history_shows_creation_change_and_end(client: Any, world: EstablishmentWorld) -> None:
    signatory = signatory_with_grant(world.cisss)
    doctor = professional(practice_number="123456")
    editor = association_user(world.cisss)
    login(client, editor)
    client.post(
        reverse("establishments:association_new"),
        {
            "installation_number": world.hospital.number,
            "professional": "123456",
            "signatory_username": signatory.user.username,
            "valid_from": (TODAY - timedelta(days=10)).isoformat(),
            "valid_until": "",
        },
    )
    association = Association.objects.get()
    association_change_post(
        client, association, valid_until=(TODAY + timedelta(days=10)).isoformat()
    )
    client.post(
        reverse("establishments:association_end", args=[association.pk]),
        {"end_on": TODAY.isoformat()},
    )
    assert list(association.history.values_list("kind", flat=True)) == [
        "created",
        "changed",
        "ended",
    ]
    listing = client.get(reverse("establishments:associations")).content.decode()
    assert reverse("establishments:association", args=[association.pk]) in listing
    page = client.get(reverse("establishments:association", args=[association.pk])).content
    text = page.decode()
    assert "Créée" in text and "Modifiée" in text and "Terminée" in text
    assert doctor.get_full_name() in text
