"""Periodic jobs of the accounts app."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.services import record
from sel.core.periodic import periodic
from sel.outbox.services import send_email_later

REMINDER_DAYS_BEFORE = 14


@periodic(every=timedelta(hours=1))
def password_expiry_remind() -> int:
    """A reminder email goes out 14 days before the password expires (PASSWORD_MAX_AGE_DAYS;
    0 turns expiry and reminders off). Each password is reminded once."""
    days = settings.PASSWORD_MAX_AGE_DAYS
    if days <= 0:
        return 0
    now = timezone.now()
    due_before = now - timedelta(days=days - REMINDER_DAYS_BEFORE)
    not_yet_expired = now - timedelta(days=days)
    users = User.objects.filter(
        is_active=True,
        password_changed_at__lte=due_before,
        password_changed_at__gt=not_yet_expired,
        password_expiry_reminded_at__isnull=True,
        temporary_password_expires_at__isnull=True,
    )
    sent = 0
    for user in users.iterator():
        with transaction.atomic():
            claimed = User.objects.filter(
                pk=user.pk, password_expiry_reminded_at__isnull=True
            ).update(password_expiry_reminded_at=now)
            if not claimed:
                continue
            assert user.password_changed_at is not None
            expires = timezone.localtime(user.password_changed_at + timedelta(days=days))
            send_email_later(
                to=user.email,
                language=user.language,
                template="accounts/password_expiry",
                context={"first_name": user.first_name, "expires": expires.strftime("%Y-%m-%d")},
            )
            record(action=Action.PASSWORD_EXPIRY_REMINDED, target=user)
            sent += 1
    return sent
