"""``field__any_of``: the rows ``field__in`` gives, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Q

from sel.accounts.models import User
from tests.factories.accounts import UserFactory


def test_any_of_gives_the_rows_in_gives(db: Any) -> None:
    users = [UserFactory() for _ in range(5)]
    wanted = [users[0].pk, users[3].pk, 10**12]
    assert set(User.objects.filter(pk__any_of=wanted)) == set(User.objects.filter(pk__in=wanted))
    assert set(User.objects.filter(pk__any_of=wanted)) == {users[0], users[3]}
    assert not User.objects.filter(pk__any_of=[]).exists()
    either = User.objects.filter(Q(pk__any_of=[]) | Q(pk=users[1].pk))
    assert list(either) == [users[1]]
    assert set(User.objects.exclude(pk__any_of=wanted)) == {users[1], users[2], users[4]}


def test_any_of_takes_only_integers(db: Any) -> None:
    with pytest.raises(ValueError):
        list(User.objects.filter(pk__any_of=["1 OR 1=1"]))
