"""Who sees which request, enforced in the selector (seeds 000, 001)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sel.accounts.models import Role
from sel.exception_drugs.models import ExceptionRequest
from sel.exception_drugs.selectors import exception_requests_visible_to
from tests.exception_drugs.conftest import World
from tests.factories.accounts import UserFactory
from tests.factories.exception_drugs import DelegationFactory, DrugFactory


def visible(user: object, world: World) -> set[str]:
    return {
        r.reference
        for r in exception_requests_visible_to(user, nam=world.person.nam, drug=world.drug)
    }


def test_a_prescriber_sees_only_the_requests_they_submitted(world: World) -> None:
    assert visible(world.prescriber_a, world) == {world.request_a.reference}
    assert visible(world.prescriber_b, world) == {world.request_b_fax.reference}


def test_an_assistant_sees_the_requests_of_the_prescriber_who_delegated_to_them_only(
    world: World,
) -> None:
    assert visible(world.assistant_a, world) == {world.request_a.reference}


def test_an_assistant_of_two_prescribers_sees_both(world: World) -> None:
    DelegationFactory(prescriber=world.prescriber_b, assistant=world.assistant_a)
    assert visible(world.assistant_a, world) == {
        world.request_a.reference,
        world.request_b_fax.reference,
    }


@pytest.mark.parametrize("role", [Role.PHARMACIST, Role.PHARMACY_TECHNICIAN])
def test_pharmacists_and_technicians_with_the_grant_see_every_request_whatever_the_channel(
    world: World, role: str
) -> None:
    user = world.granted(role)
    assert visible(user, world) == {world.request_a.reference, world.request_b_fax.reference}


@pytest.mark.parametrize(
    "role", [Role.PHARMACIST, Role.PHARMACY_TECHNICIAN, Role.PRESCRIBER, Role.ADMIN_ASSISTANT]
)
def test_without_the_grant_nobody_sees_anything(world: World, role: str) -> None:
    user = UserFactory(role=role)
    DelegationFactory(prescriber=world.prescriber_a, assistant=user)
    assert visible(user, world) == set()


def test_a_nurse_follows_the_requests_of_the_health_professional_who_authorized_her(
    world: World,
) -> None:
    """Seed 001's form 4313: « Fonction ☐ Adjoint administratif ☐ Infirmier ☐ Technicien en
    pharmacie », authorized by a « Professionnel de la santé »; seed 000: those « travaillant
    auprès d'un prescripteur autorisé » follow that prescriber's requests."""
    nurse = world.granted(Role.NURSE)
    assert visible(nurse, world) == set()
    DelegationFactory(prescriber=world.prescriber_a, assistant=nurse)
    assert visible(nurse, world) == {world.request_a.reference}


@pytest.mark.parametrize(
    "role", [Role.NURSE, Role.ESTABLISHMENT_STAFF, Role.SOFTWARE_VENDOR, Role.AGENT]
)
def test_other_roles_see_nothing_even_with_the_grant(world: World, role: str) -> None:
    """Only those the seeds name see requests: a nurse as an assistant does, through the
    delegation of the professional she works for (seeds 000, 001), never by the grant alone;
    establishment staff, software vendors and agents (on this page) never."""
    user = world.granted(role)
    assert visible(user, world) == set()
    DelegationFactory(prescriber=world.prescriber_a, assistant=user)
    expected = {world.request_a.reference} if role == Role.NURSE else set()
    assert visible(user, world) == expected


def test_an_inactive_account_sees_nothing(world: World) -> None:
    world.pharmacist.is_active = False
    world.pharmacist.save()
    assert visible(world.pharmacist, world) == set()


def test_a_withdrawn_grant_stops_the_pharmacist_at_once(world: World) -> None:
    world.pharmacist.grants.update(revoked_at=timezone.now())
    assert visible(world.pharmacist, world) == set()


def test_an_assistant_without_delegation_sees_nothing(world: World) -> None:
    assert visible(world.granted(Role.ADMIN_ASSISTANT), world) == set()


def test_an_ended_delegation_stops_at_the_next_request(world: World) -> None:
    assert visible(world.assistant_a, world)
    world.assistant_a.delegations_received.update(ended_at=timezone.now())
    assert visible(world.assistant_a, world) == set()


def test_a_delegation_past_its_end_date_no_longer_counts(world: World) -> None:
    world.assistant_a.delegations_received.update(ends_on=timezone.localdate() - timedelta(days=1))
    assert visible(world.assistant_a, world) == set()


def test_a_delegation_ending_today_still_counts_today(world: World) -> None:
    world.assistant_a.delegations_received.update(ends_on=timezone.localdate())
    assert visible(world.assistant_a, world) == {world.request_a.reference}


def test_another_drug_or_another_nam_shows_nothing(world: World) -> None:
    other = DrugFactory()
    assert not exception_requests_visible_to(world.pharmacist, nam=world.person.nam, drug=other)
    assert not exception_requests_visible_to(world.pharmacist, nam="ZZZZ56623101", drug=world.drug)


def test_there_is_no_90_day_limit_by_default_and_a_setting_restores_one(
    world: World, settings: object
) -> None:
    ExceptionRequest.objects.filter(pk=world.request_a.pk).update(
        received_at=timezone.now() - timedelta(days=400)
    )
    assert world.request_a.reference in visible(world.pharmacist, world)
    settings.EXCEPTION_CONSULTATION_MAX_AGE_DAYS = 90
    assert visible(world.pharmacist, world) == {world.request_b_fax.reference}
