"""Registration with a PIN (seed 002: « un numéro d'identification personnel (NIP) qui leur
permet de s'inscrire aux services en ligne »): practice number + PIN + new password → an IP
account, then *Questions secrètes*. Attempts are throttled per address and per practice number."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from sel.accounts import throttle
from sel.accounts.models import RegistrationPin, User
from sel.accounts.services.login import login_complete
from sel.accounts.signals import registered_with_pin
from sel.audit.events import Action
from sel.audit.services import record
from sel.core.http import client_ip
from sel.core.languages import language_current
from sel.core.limits import limit_exceeded, limit_reset

FAILURES_PER_PRACTICE_NUMBER = 5
FAILURE_WINDOW = 24 * 3600
PIN_SCOPE = "pin"


@cache
def _decoy_pin_hash() -> str:
    return make_password("no pin of anyone")


@dataclass(frozen=True)
class RegistrationResult:
    user: User | None = None
    throttled: bool = False
    already_registered: bool = False


def _active_pin(practice_number: str) -> RegistrationPin | None:
    return (
        RegistrationPin.objects.filter(
            practice_number=practice_number,
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def registration_with_pin(
    request: HttpRequest, *, practice_number: str, pin: str, password: str
) -> RegistrationResult:
    """Creates the IP account named after the practice number and logs the professional in;
    the required step *Questions secrètes* follows."""
    # Counted before the PIN is checked, so concurrent guesses cannot pass the limit; a success
    # resets the count.
    if throttle.code_attempts_exceeded(client_ip(request)) or (
        limit_exceeded(
            PIN_SCOPE,
            practice_number,
            limit=FAILURES_PER_PRACTICE_NUMBER,
            window_seconds=FAILURE_WINDOW,
        )
    ):
        return RegistrationResult(throttled=True)
    issued = _active_pin(practice_number)
    typed = pin.strip().upper().replace("-", "").replace(" ", "")
    right = check_password(typed, issued.pin_hash if issued else _decoy_pin_hash())
    if issued is None or not right:
        record(
            action=Action.PIN_FAILED,
            request=request,
            details={"practice_number": practice_number[:10]},
        )
        return RegistrationResult()
    username = f"IP{practice_number}"
    if User.objects.filter(username__iexact=username).exists():
        return RegistrationResult(already_registered=True)
    user = User(
        username=username,
        email=issued.email,
        first_name=issued.first_name,
        last_name=issued.last_name,
        role=issued.role,
        practice_number=practice_number,
        language=language_current(),
        must_set_questions=True,
        password_changed_at=timezone.now(),
    )
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        return RegistrationResult(already_registered=True)
    RegistrationPin.objects.filter(pk=issued.pk).update(used_at=timezone.now(), user=user)
    limit_reset(PIN_SCOPE, practice_number)
    record(action=Action.PIN_REGISTERED, actor=user, target=user, request=request)
    registered_with_pin.send(sender=User, user=user, profession=issued.profession, request=request)
    login_complete(request, user)
    return RegistrationResult(user=user)
