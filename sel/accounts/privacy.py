"""What the accounts app holds about a person (Law 25): the account itself, its secret questions
(the questions, never the answers), and the registration PINs issued to it. Expired sessions are
purged here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.sessions.models import Session

from sel.accounts.models import RegistrationPin, SecretAnswer, User

# Model -> key of the export that carries it (tests/privacy/test_coverage.py).
EXPORTED = {
    "accounts.User": "account",
    "accounts.SecretAnswer": "account",
    "accounts.RegistrationPin": "registration_pins",
}
NOT_EXPORTED = {
    "accounts.PasswordHistory": "Hashes of former passwords: a secret, useful only to guess one.",
    "accounts.RecoveryCode": "Hashes of second-factor recovery codes: a secret.",
    "accounts.EmailCode": "A one-time code's hash for a recovery or an alias, expired in minutes; "
    "the address it went to is the account's, exported with it.",
}


def _at(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export(user: User) -> dict[str, Any]:
    return {
        "account": {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "alias": user.alias,
            "role": user.role,
            "practice_number": user.practice_number,
            "language": user.language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": _at(user.last_login),
            "password_changed_at": _at(user.password_changed_at),
            "second_factor_since": _at(user.totp_confirmed_at),
            "locked_at": _at(user.locked_at),
            "secret_questions": list(
                SecretAnswer.objects.filter(user=user)
                .order_by("pk")
                .values_list("question", flat=True)
            ),
        },
        "registration_pins": [
            {
                "created_at": _at(pin.created_at),
                "used_at": _at(pin.used_at),
                "revoked_at": _at(pin.revoked_at),
            }
            for pin in RegistrationPin.objects.filter(user=user).order_by("created_at")
        ],
    }


def purge_expired(now: datetime) -> dict[str, int]:
    return {"expired_sessions_deleted": Session.objects.filter(expire_date__lt=now).delete()[0]}
