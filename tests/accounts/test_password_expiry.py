"""Password expiry reminder (issue "Accounts": « A reminder email goes out 14 days before
expiry »)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from sel.accounts.models import User
from sel.accounts.tasks import password_expiry_remind
from sel.outbox.models import OutboundEmail
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_a_reminder_goes_out_14_days_before_expiry_once(settings) -> None:
    settings.PASSWORD_MAX_AGE_DAYS = 180
    now = timezone.now()
    due = UserFactory(password_changed_at=now - timedelta(days=167))
    UserFactory(password_changed_at=now - timedelta(days=160))  # 20 days left
    UserFactory(password_changed_at=now - timedelta(days=181))  # already expired
    assert password_expiry_remind() == 1
    assert password_expiry_remind() == 0
    email = OutboundEmail.objects.get(template="accounts/password_expiry")
    assert email.to == due.email
    changed_at: datetime = User.objects.get(pk=due.pk).password_changed_at  # type: ignore[assignment]
    expires = timezone.localtime(changed_at + timedelta(days=180))
    assert email.context["expires"] == expires.strftime("%Y-%m-%d")


def test_no_reminder_when_expiry_is_off(settings) -> None:
    settings.PASSWORD_MAX_AGE_DAYS = 0
    UserFactory(password_changed_at=timezone.now() - timedelta(days=170))
    assert password_expiry_remind() == 0
