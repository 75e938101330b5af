"""``user_has_service`` is one SQL statement (the hottest check of the portal); it must answer
exactly as the ORM's ``Grant.objects.valid_on`` for every shape of grant."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from sel.access.models import Grant
from sel.access.selectors import user_has_service
from tests.factories.access import GrantFactory, OnlineServiceFactory
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_the_grant_check_answers_as_the_orm_rule_for_every_shape_of_grant() -> None:
    today = timezone.localdate()
    days = [today - timedelta(days=1), today, today + timedelta(days=1)]
    user, stranger = UserFactory(), UserFactory()
    service = OnlineServiceFactory(code="exception-drugs-rule")
    answers = set()
    for valid_from, valid_until, revoked, active, holder in itertools.product(
        days, [None, *days], [False, True], [True, False], [user, stranger]
    ):
        service.is_active = active
        service.save()
        grant = GrantFactory(
            user=holder,
            online_service=service,
            valid_from=valid_from,
            valid_until=valid_until,
            revoked_at=timezone.now() if revoked else None,
        )
        expected = (
            Grant.objects.valid_on(today)
            .filter(user=user, online_service__code=service.code, online_service__is_active=True)
            .exists()
        )
        assert user_has_service(user, service.code) is expected, (
            valid_from,
            valid_until,
            revoked,
            active,
            holder == user,
        )
        answers.add(expected)
        grant.delete()
    assert answers == {True, False}  # both answers were exercised
    assert not user_has_service(user, "another-service")
