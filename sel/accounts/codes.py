"""Single-use emailed codes: 6 digits from a CSPRNG, stored as a keyed hash, bound to one attempt
(the code of attempt A fails on attempt B), valid 15 minutes, 5 tries."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from sel.accounts.models import EmailCode, User

CODE_DIGITS = 6
CODE_VALIDITY = timedelta(minutes=15)
CODE_MAX_TRIES = 5


def _code_hash(attempt_id: str, code: str) -> str:
    return salted_hmac(
        "sel.accounts.email-code", f"{attempt_id}:{code.strip()}", algorithm="sha256"
    ).hexdigest()


def email_code_new(
    *, purpose: str, user: User | None, target_email: str = "", validity: timedelta = CODE_VALIDITY
) -> tuple[EmailCode, str]:
    """Creates the attempt and returns it with the clear code (for the email only)."""
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    attempt = EmailCode(
        purpose=purpose,
        user=user,
        target_email=target_email,
        expires_at=timezone.now() + validity,
    )
    attempt.code_hash = _code_hash(str(attempt.pk), code)
    attempt.save()
    return attempt, code


def email_code_usable(attempt: EmailCode) -> bool:
    return (
        attempt.expires_at > timezone.now()
        and attempt.tries < CODE_MAX_TRIES
        and attempt.completed_at is None
    )


def email_code_check(attempt: EmailCode, code: str) -> bool:
    """Counts the try; true only for the right code of this very attempt, within its limits.
    An attempt with no account behind it never matches."""
    if not email_code_usable(attempt) or attempt.verified_at is not None:
        return False
    EmailCode.objects.filter(pk=attempt.pk).update(tries=F("tries") + 1)
    attempt.tries += 1
    if attempt.user_id is None:
        return False
    if not constant_time_compare(attempt.code_hash, _code_hash(str(attempt.pk), code)):
        return False
    attempt.verified_at = timezone.now()
    EmailCode.objects.filter(pk=attempt.pk).update(verified_at=attempt.verified_at)
    return True
