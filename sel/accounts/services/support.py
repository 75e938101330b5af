"""Support-centre actions (seed 002: « Pour obtenir à nouveau votre NIP ou le formulaire
d'accès, pour un compte verrouillé, un échec lors de votre connexion ou l'oubli de votre nom
d'utilisateur, veuillez joindre le Centre d'assistance aux professionnels »). Each needs a
reason, writes an audit event, and checks its permission itself (``support_action``), whatever
page or console calls it: the action's own permission, plus ``support_act_on_staff`` on the
account of a Régie agent, staff member or superuser; never on the agent's own account."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from sel.accounts import secondfactor
from sel.accounts.models import LockReason, Profession, RegistrationPin, SecretAnswer, User
from sel.accounts.services.account import account_lock, account_unlock
from sel.accounts.services.password import temporary_password_issue
from sel.audit.events import Action
from sel.audit.services import record
from sel.core.http import absolute_url
from sel.core.languages import Language
from sel.outbox.services import send_email_later

PIN_VALIDITY = timedelta(days=90)
PIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
ON_STAFF = "accounts.support_act_on_staff"

Service = TypeVar("Service", bound=Callable[..., Any])


def support_refusal(*, actor: User, user: User, permission: str) -> str:
    """Why ``actor`` may not take this support action on ``user`` ("" when they may)."""
    if not actor.is_agent_with(permission):
        return "permission"
    if actor.pk == user.pk:
        return "own_account"
    if (user.is_agent or user.is_staff or user.is_superuser) and not actor.has_perm(ON_STAFF):
        return "staff_account"
    return ""


def support_action(permission: str) -> Callable[[Service], Service]:
    """Checks the permission before the action's transaction opens, so that a refusal's audit row
    is kept (unless the caller's own transaction rolls back) and PermissionDenied is raised."""

    def decorator(service: Service) -> Service:
        @wraps(service)
        def wrapped(*, user: User, actor: User, request: HttpRequest | None, **kwargs: Any) -> Any:
            refusal = support_refusal(actor=actor, user=user, permission=permission)
            if refusal:
                record(
                    action=Action.AUTHORIZATION_REFUSED,
                    actor=actor,
                    target=user,
                    request=request,
                    details={"reason": refusal, "permission": permission},
                )
                raise PermissionDenied(refusal)
            return service(user=user, actor=actor, request=request, **kwargs)

        wrapped.permission = permission  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def _details(reason: str, **more: Any) -> dict[str, Any]:
    return {"reason": reason.strip()[:500], **more}


def _support_record(
    action: Action, *, user: User, actor: User, reason: str, request: HttpRequest | None
) -> None:
    """The audit event of a support action on an account, with the agent's reason."""
    record(action=action, actor=actor, target=user, request=request, details=_details(reason))


@support_action("accounts.support_unlock_account")
@transaction.atomic
def account_unlock_by_support(
    *, user: User, actor: User, reason: str, request: HttpRequest | None
) -> None:
    """A support agent unlocks the account after checking the user's identity (seed 002: « pour
    un compte verrouillé […] veuillez joindre le Centre d'assistance aux professionnels »)."""
    account_unlock(user=user, actor=actor, reason=reason, request=request)


def _email_to_account(
    user: User, template: str, *, secret_context: dict[str, str] | None = None, **context: str
) -> None:
    """An email to the account's own address, in its language, naming the person, the username
    and the login page."""
    send_email_later(
        to=user.email,
        language=user.language,
        template=template,
        context={
            "first_name": user.first_name,
            "username": user.username,
            "login_url": absolute_url(reverse("accounts:login")),
            **context,
        },
        secret_context=secret_context,
    )


@support_action("accounts.support_issue_temporary_password")
@transaction.atomic
def support_temporary_password_issue(
    *, user: User, actor: User, reason: str, request: HttpRequest | None
) -> None:
    """Seed 001: « appeler le Centre d'assistance aux professionnels pour obtenir un mot de passe
    temporaire »; it is emailed to the user's own address."""
    password = temporary_password_issue(user=user, actor=actor, request=request, reason=reason)
    user.refresh_from_db()
    expires = user.temporary_password_expires_at
    _email_to_account(
        user,
        "accounts/temporary_password",
        expires=timezone.localtime(expires).strftime("%Y-%m-%d") if expires else "",
        secret_context={"password": password},
    )


@support_action("accounts.support_clear_questions")
@transaction.atomic
def secret_questions_clear(
    *, user: User, actor: User, reason: str, request: HttpRequest | None
) -> None:
    """The user chooses new questions at the next login."""
    SecretAnswer.objects.filter(user=user).delete()
    User.objects.filter(pk=user.pk).update(must_set_questions=True)
    user.must_set_questions = True
    _support_record(
        Action.QUESTIONS_CLEARED, user=user, actor=actor, reason=reason, request=request
    )


@support_action("accounts.support_disable_account")
@transaction.atomic
def account_disable(*, user: User, actor: User, reason: str, request: HttpRequest | None) -> None:
    """The account's open sessions end at once (the backend refuses inactive accounts)."""
    User.objects.filter(pk=user.pk).update(
        is_active=False, session_generation=user.session_generation + 1
    )
    user.is_active = False
    _support_record(Action.ACCOUNT_DISABLED, user=user, actor=actor, reason=reason, request=request)


@support_action("accounts.support_disable_account")
@transaction.atomic
def account_enable(*, user: User, actor: User, reason: str, request: HttpRequest | None) -> None:
    User.objects.filter(pk=user.pk).update(is_active=True)
    user.is_active = True
    _support_record(Action.ACCOUNT_ENABLED, user=user, actor=actor, reason=reason, request=request)


@support_action("accounts.support_send_username")
@transaction.atomic
def username_send(*, user: User, actor: User, reason: str, request: HttpRequest | None) -> None:
    """Seed 002: « l'oubli de votre nom d'utilisateur »: emailed to the account's own address."""
    _email_to_account(user, "accounts/username_reminder", alias=user.alias or "")
    _support_record(Action.USERNAME_SENT, user=user, actor=actor, reason=reason, request=request)


@support_action("accounts.support_reset_second_factor")
@transaction.atomic
def second_factor_reset(
    *, user: User, actor: User, reason: str, request: HttpRequest | None
) -> None:
    """A user who lost the phone and the recovery codes sets up a new second factor."""
    secondfactor.second_factor_disable(user=user, actor=actor, request=request, reason=reason)


def _changed_notice(user: User, template: str, to: list[str], context: dict[str, Any]) -> None:
    """The same notice to every address concerned (old and new), each sent once."""
    for address in dict.fromkeys(a for a in to if a):
        send_email_later(
            to=address,
            language=user.language,
            template=f"accounts/{template}",
            context={
                "first_name": user.first_name,
                "username": user.username,
                "when": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
                **context,
            },
        )


@support_action("accounts.change_user")
@transaction.atomic
def account_email_change(
    *, user: User, actor: User, email: str, reason: str, request: HttpRequest | None
) -> None:
    """Staff change the account's email address: both the old and the new address are told,
    and every session of the account ends (links and codes went to the old address)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    old, email = user.email, email.strip()
    if email == old:
        return
    user.email = email
    user.session_generation += 1
    user.save(update_fields=["email", "session_generation"])
    _support_record(
        Action.ACCOUNT_EMAIL_CHANGED, user=user, actor=actor, reason=reason, request=request
    )
    _changed_notice(user, "email_changed", [old, email], {"old_email": old, "new_email": email})


@support_action("accounts.change_user")
@transaction.atomic
def account_alias_change(
    *, user: User, actor: User, alias: str | None, reason: str, request: HttpRequest | None
) -> None:
    """Staff set or remove the account's alias (seed 002: the IP/CE name stays valid): the
    account's address and the old and new aliases are told, and every session ends."""
    user = User.objects.select_for_update().get(pk=user.pk)
    old, alias = user.alias, (alias or "").strip().lower() or None
    if alias == old:
        return
    user.alias = alias
    user.session_generation += 1
    user.save(update_fields=["alias", "session_generation"])
    _support_record(
        Action.ALIAS_SET if alias else Action.ALIAS_REMOVED,
        user=user,
        actor=actor,
        reason=reason,
        request=request,
    )
    _changed_notice(
        user,
        "alias_changed",
        [user.email, old or "", alias or ""],
        {"old_alias": old or "—", "new_alias": alias or "—"},
    )


@support_action("accounts.support_unlock_account")
@transaction.atomic
def account_lock_by_support(
    *, user: User, actor: User, reason: str, request: HttpRequest | None
) -> None:
    """Staff lock the account (the user is told, every session ends) until it is unlocked.
    The agent's reason goes to the audit trail with the lock's."""
    account_lock(user=user, reason=LockReason.SUPPORT, note=reason, actor=actor, request=request)


def _pin_generate() -> str:
    return "-".join("".join(secrets.choice(PIN_ALPHABET) for _ in range(4)) for _ in range(2))


@transaction.atomic
def registration_pin_issue(
    *,
    practice_number: str,
    first_name: str,
    last_name: str,
    email: str,
    profession: Profession,
    actor: User,
    reason: str,
    language: str = Language.FRENCH,
    request: HttpRequest | None = None,
) -> RegistrationPin:
    """Seed 002: « La Régie fait parvenir aux nouveaux professionnels de la santé un numéro
    d'identification personnel (NIP) », whatever their profession in the catalogue; a new PIN
    replaces any unused one. Single-use, expires
    after 90 days, stored hashed, emailed to the professional."""
    now = timezone.now()
    RegistrationPin.objects.filter(
        practice_number=practice_number, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    pin = _pin_generate()
    issued = RegistrationPin.objects.create(
        practice_number=practice_number,
        first_name=first_name,
        last_name=last_name,
        email=email,
        role=profession.role,
        profession=profession,
        pin_hash=make_password(pin.replace("-", "")),
        expires_at=now + PIN_VALIDITY,
    )
    send_email_later(
        to=email,
        language=language,
        template="accounts/registration_pin",
        context={
            "first_name": first_name,
            "practice_number": practice_number,
            "expires": timezone.localtime(issued.expires_at).strftime("%Y-%m-%d"),
            "register_url": absolute_url(reverse("accounts:register")),
        },
        secret_context={"pin": pin},
    )
    record(
        action=Action.PIN_ISSUED,
        actor=actor,
        target=issued,
        request=request,
        details=_details(reason, practice_number=practice_number, profession=profession.code),
    )
    return issued
