"""The demo gives the agents' group the messaging permission, puts the demo agent in every team
and leaves one answered thread for the demo pharmacist; loading twice changes nothing."""

from __future__ import annotations

import pytest

from sel.accounts import demo as accounts_demo
from sel.accounts.models import User
from sel.messaging import demo
from sel.messaging.models import Status, Team, Thread
from sel.messaging.selectors import is_messaging_agent, unread_total

pytestmark = pytest.mark.django_db


def test_the_demo_loads_idempotently_with_an_answered_thread() -> None:
    accounts_demo.load()
    demo.load()
    demo.load()
    agent = User.objects.get(username="CE900001")
    pharmacist = User.objects.get(username="IP100001")
    assert is_messaging_agent(agent)
    assert Team.objects.exclude(members=agent).count() == 0
    thread = Thread.objects.get(author=pharmacist)
    assert thread.status == Status.ANSWERED
    assert unread_total(pharmacist) == 1
