"""The demo data creates accounts whose passwords (and the agent's TOTP secret) are published in
the README: it must never load on a production server (issue « Security perimeter », item 12)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command

from sel.accounts.models import User

pytestmark = pytest.mark.django_db


def test_attacker_logs_in_with_the_published_demo_agent_on_a_production_server(
    settings: Any,
) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG") as refused:
        call_command("demo_data")
    assert refused.value.returncode != 0
    assert not User.objects.filter(username="CE900001").exists()
    assert not User.objects.exists()


def test_a_developer_loads_the_demo_data_with_debug_on(settings: Any) -> None:
    settings.DEBUG = True
    call_command("demo_data")
    assert User.objects.filter(username="CE900001").exists()
