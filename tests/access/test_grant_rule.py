"""The grant check decides access to health data. Its three readers (``user_has_service``, asked
by every page of a service; ``service_granted``, the ``Exists`` the exception-drugs reads fold into
their one statement; ``Grant.objects.valid_on``, the lists) must all answer as the rule written out
below, for every shape of grant and every role that reads requests (run on SQLite and PostgreSQL
by ``make test`` and its ``DATABASE_URL`` variant)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from django.utils import timezone

from sel.access.models import Grant, OnlineService, ServiceCode
from sel.access.selectors import user_has_service
from sel.accounts.models import Role, User
from sel.exception_drugs.selectors import exception_requests_visible_to, requests_followed_by
from tests.factories.access import GrantFactory, OnlineServiceFactory
from tests.factories.accounts import UserFactory
from tests.factories.exception_drugs import (
    DelegationFactory,
    DrugFactory,
    ExceptionRequestFactory,
    InsuredPersonFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAYS = (-1, 0, 1)  # yesterday, today, tomorrow


def rule(*, valid_from: date, valid_until: date | None, revoked: bool, offered: bool) -> bool:
    """Seed 001: access is granted for a period and « la Régie se réserve le droit de retirer en
    tout temps et sans préavis l'accès »: in force from its first day to its last, not withdrawn,
    for a service still offered."""
    today = TODAY()
    started = valid_from <= today
    not_ended = valid_until is None or valid_until >= today
    return started and not_ended and not revoked and offered


def shapes() -> list[tuple[date, date | None, bool, bool]]:
    today = TODAY()
    days = [today + timedelta(days=d) for d in DAYS]
    return list(itertools.product(days, [None, *days], [False, True], [True, False]))


def grant_shaped(
    user: User, service: OnlineService, shape: tuple[date, date | None, bool, bool]
) -> Grant:
    """A grant of ``user`` of this shape; the service offered or not as the shape says."""
    valid_from, valid_until, revoked, offered = shape
    OnlineService.objects.filter(pk=service.pk).update(is_active=offered)
    return GrantFactory(
        user=user,
        online_service=service,
        valid_from=valid_from,
        valid_until=valid_until,
        revoked_at=timezone.now() if revoked else None,
    )


def fresh(user: User) -> User:
    """The account as the next request loads it (no mark of a check made earlier)."""
    return User.objects.get(pk=user.pk)


def test_the_grant_check_answers_as_the_rule_for_every_shape_of_grant() -> None:
    user, stranger = UserFactory(), UserFactory()
    service = OnlineServiceFactory(code="exception-drugs-rule")
    answers = set()
    for shape, holder in itertools.product(shapes(), [user, stranger]):
        valid_from, valid_until, revoked, offered = shape
        grant = grant_shaped(holder, service, shape)
        expected = holder == user and rule(
            valid_from=valid_from, valid_until=valid_until, revoked=revoked, offered=offered
        )
        assert user_has_service(fresh(user), service.code) is expected, (shape, holder)
        listed = Grant.objects.valid_on(TODAY()).filter(user=user, online_service__is_active=True)
        assert listed.exists() is expected, (shape, holder)
        answers.add(expected)
        grant.delete()
    assert answers == {True, False}  # both answers were exercised
    assert not user_has_service(user, "another-service")


def test_an_inactive_account_has_no_service_whatever_its_grant() -> None:
    user = UserFactory(is_active=False)
    service = OnlineServiceFactory(code="exception-drugs-inactive")
    GrantFactory(user=user, online_service=service)
    assert not user_has_service(fresh(user), service.code)


@pytest.mark.parametrize(
    "role",
    [Role.PHARMACIST, Role.PHARMACY_TECHNICIAN, Role.PRESCRIBER, Role.ADMIN_ASSISTANT, Role.NURSE],
)
def test_the_reads_fold_the_same_grant_rule_for_every_role(role: str) -> None:
    """The consultation's read and the followed requests, asked without ``service_required``,
    decide the grant in their own statement: the same answer as the rule, shape by shape."""
    service = OnlineService.objects.get(code=ServiceCode.EXCEPTION_DRUGS)
    user = UserFactory(role=role)
    prescriber = user if role == Role.PRESCRIBER else UserFactory(role=Role.PRESCRIBER)
    if role in (Role.ADMIN_ASSISTANT, Role.NURSE):
        DelegationFactory(prescriber=prescriber, assistant=user)
    drug, person = DrugFactory(), InsuredPersonFactory()
    request = ExceptionRequestFactory(insured_person=person, drug=drug, prescriber=prescriber)
    follows = role in (Role.PRESCRIBER, Role.ADMIN_ASSISTANT, Role.NURSE)
    answers = set()
    for shape in shapes():
        valid_from, valid_until, revoked, offered = shape
        grant = grant_shaped(user, service, shape)
        expected = rule(
            valid_from=valid_from, valid_until=valid_until, revoked=revoked, offered=offered
        )
        seen = exception_requests_visible_to(fresh(user), nam=person.nam, drug=drug)
        assert [r.reference for r in seen] == ([request.reference] if expected else []), (
            role,
            shape,
        )
        followed = set(requests_followed_by(fresh(user)).values_list("pk", flat=True))
        assert followed == ({request.pk} if expected and follows else set()), (role, shape)
        answers.add(expected)
        grant.delete()
    assert answers == {True, False}
