"""Demo accounts: the usernames and password every engineer uses."""

from __future__ import annotations

import pytest
from django.test import Client

from sel.accounts import demo
from sel.accounts.models import User

pytestmark = pytest.mark.django_db


def test_demo_load_is_idempotent_and_every_ready_account_logs_in(client: Client) -> None:
    demo.load()
    demo.load()
    for _label, username, password in demo.LOGINS:
        user = User.objects.get(username=username)
        assert user.check_password(password)
    ready = [u for u in User.objects.exclude(username="CE200010") if u.role != "agent"]
    # pharmacist, prescriber, technician, assistant, staff, vendor, nurse, SELAT user; the
    # establishments' signatory, association user, professional and GMF responsible physician
    assert len(ready) == 12
    for user in ready:
        assert user.secret_answers.count() == 8
        assert not user.must_change_password
    response = client.post(
        "/compte/connexion/", {"username": "ip100001", "password": demo.DEMO_PASSWORD}
    )
    assert response["Location"] == "/"


def test_the_first_login_demo_account_is_sent_to_change_its_temporary_password(
    client: Client,
) -> None:
    demo.load()
    response = client.post(
        "/compte/connexion/",
        {"username": "CE200010", "password": demo.DEMO_TEMPORARY_PASSWORD},
    )
    assert response["Location"] == "/compte/nouveau-mot-de-passe/"


def test_the_demo_agent_has_the_support_permissions() -> None:
    demo.load()
    agent = User.objects.get(username="CE900001")
    assert agent.is_staff and agent.has_second_factor
    assert agent.has_perm("accounts.support_unlock_account")
