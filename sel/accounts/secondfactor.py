"""Second factor (beyond the seeds; OWASP ASVS 5.0 level 2): TOTP (RFC 6238) and 10 single-use
recovery codes. Mandatory for the Régie's agents and staff, offered to everyone else."""

from __future__ import annotations

import base64
import secrets

import pyotp
import segno
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from sel.accounts import gates
from sel.accounts.models import RecoveryCode, User
from sel.audit.events import Action
from sel.audit.services import record

ISSUER = "SEL Régie"
RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def totp_secret_new() -> str:
    return pyotp.random_base32()


def totp_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)


def totp_qr_data_uri(user: User, secret: str) -> str:
    """The QR code as an inline SVG data URI (allowed by the CSP's img-src data:)."""
    svg = segno.make(totp_uri(user, secret), error="m").svg_inline(scale=4)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def totp_counter_matching(secret: str, code: str) -> int | None:
    """The time step the code belongs to (current one ±1), or None."""
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = timezone.now()
    for drift in (0, -1, 1):
        counter = totp.timecode(now) + drift
        if constant_time_compare(totp.generate_otp(counter), code):
            return counter
    return None


def _recovery_hash(code: str) -> str:
    normal = code.strip().lower().replace("-", "").replace(" ", "")
    return salted_hmac("sel.accounts.recovery-code", normal, algorithm="sha256").hexdigest()


def recovery_codes_generate() -> list[str]:
    return [
        "-".join("".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(5)) for _ in range(2))
        for _ in range(RECOVERY_CODE_COUNT)
    ]


@transaction.atomic
def second_factor_verify(*, user: User, code: str, request: HttpRequest | None = None) -> bool:
    """A TOTP code (each time step accepted once) or an unused recovery code. The caller applies
    the throttles and records a failure (``sel.accounts.services.login.second_factor_attempt``)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.totp_secret and user.totp_confirmed_at:
        counter = totp_counter_matching(user.totp_secret, code)
        if counter is not None and counter > user.totp_last_counter:
            User.objects.filter(pk=user.pk).update(totp_last_counter=counter)
            return True
        used = RecoveryCode.objects.filter(
            user=user, code_hash=_recovery_hash(code), used_at__isnull=True
        ).update(used_at=timezone.now())
        if used:
            record(action=Action.RECOVERY_CODE_USED, actor=user, target=user, request=request)
            return True
    return False


@transaction.atomic
def second_factor_enable(
    *, user: User, secret: str, code: str, request: HttpRequest | None = None
) -> list[str] | None:
    """Confirms a new TOTP secret with a code from the app; returns the 10 recovery codes (shown
    once, stored hashed), or None if the code is wrong."""
    counter = totp_counter_matching(secret, code)
    if counter is None:
        return None
    codes = recovery_codes_generate()
    user = User.objects.select_for_update().get(pk=user.pk)
    user.totp_secret = secret
    user.totp_confirmed_at = timezone.now()
    user.totp_last_counter = counter
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_counter"])
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=_recovery_hash(c)) for c in codes
    )
    record(action=Action.SECOND_FACTOR_ENABLED, actor=user, target=user, request=request)
    if request is not None and getattr(getattr(request, "user", None), "pk", None) == user.pk:
        gates.second_factor_passed_mark(request, user)  # the code from the app was just checked
    return codes


@transaction.atomic
def second_factor_disable(
    *, user: User, actor: User, request: HttpRequest | None = None, reason: str = ""
) -> None:
    User.objects.filter(pk=user.pk).update(totp_secret="", totp_confirmed_at=None)
    user.totp_secret = ""
    user.totp_confirmed_at = None
    RecoveryCode.objects.filter(user=user).delete()
    record(
        action=Action.SECOND_FACTOR_DISABLED,
        actor=actor,
        target=user,
        request=request,
        details={"reason": reason[:500]} if reason else {},
    )
