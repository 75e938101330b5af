"""*Mot de passe oublié?* (seeds 001, 002): thin views over ``flows.recovery``."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from sel.accounts import throttle
from sel.accounts.flows import recovery
from sel.accounts.forms import NewPasswordForm
from sel.accounts.forms_recovery import RecoveryAnswersForm, RecoveryStartForm
from sel.accounts.forms_settings import CodeForm
from sel.accounts.models import EmailCode
from sel.core.http import client_ip
from sel.core.limits import LIMIT_MESSAGE, address_limit_reached


def _code_passed(attempt: EmailCode) -> bool:
    """The emailed code was entered, or the code step is turned off."""
    return attempt.verified_at is not None or not settings.RECOVERY_EMAIL_CODE


def _questions_open(attempt: EmailCode) -> bool:
    return bool(attempt.questions) and _code_passed(attempt)


def _expired(request: HttpRequest) -> HttpResponse:
    messages.info(request, _("Cette demande a expiré. Recommencez."))
    return redirect("accounts:recovery_start")


@never_cache
def recovery_start(request: HttpRequest) -> HttpResponse:
    """Seed 002: « Vous devrez saisir votre nom d'utilisateur débutant par IP ou CE »."""
    form = RecoveryStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if throttle.address_rate_exceeded(client_ip(request), scope="recovery"):
            form.add_error(
                None, _("Trop de demandes depuis votre adresse. Réessayez dans une minute.")
            )
        elif address_limit_reached(
            request, scope="recovery-hour", per_hour=settings.RECOVERIES_PER_ADDRESS_PER_HOUR
        ):
            # Counted before the name is looked up: the same answer for every name.
            form.add_error(None, LIMIT_MESSAGE)
            return render(request, "accounts/recovery_start.html", {"form": form}, status=429)
        else:
            recovery.recovery_start(request, form.cleaned_data["username"])
            if settings.RECOVERY_EMAIL_CODE:
                return redirect("accounts:recovery_code")
            return redirect("accounts:recovery_questions")
    return render(request, "accounts/recovery_start.html", {"form": form})


@sensitive_post_parameters("code")
@never_cache
def recovery_code(request: HttpRequest) -> HttpResponse:
    attempt = recovery.current_attempt(request)
    if attempt is None:
        return _expired(request)
    if attempt.verified_at is not None:
        return redirect("accounts:recovery_questions")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = recovery.recovery_code_check(request, attempt, form.cleaned_data["code"])
        if result.ok:
            return redirect("accounts:recovery_questions")
        if result.throttled:
            form.add_error("code", _("Trop d'essais depuis votre adresse. Réessayez plus tard."))
        elif result.exhausted:
            return _expired(request)
        else:
            form.add_error("code", _("Ce code est inexact ou expiré."))
    return render(request, "accounts/recovery_code.html", {"form": form})


@sensitive_post_parameters()
@never_cache
def recovery_questions(request: HttpRequest) -> HttpResponse:
    attempt = recovery.current_attempt(request)
    if attempt is None:
        return _expired(request)
    if recovery.no_questions(attempt) and _code_passed(attempt):
        return render(request, "accounts/recovery_no_questions.html")
    if not _questions_open(attempt):
        return redirect("accounts:recovery_code")
    user = attempt.user
    second_factor = bool(user and user.has_second_factor and attempt.verified_at)
    form = RecoveryAnswersForm(attempt.questions, request.POST or None, second_factor=second_factor)
    locked = False
    if request.method == "POST" and form.is_valid():
        result = recovery.recovery_answers_check(
            request, attempt, form.answers(), form.cleaned_data.get("second_factor", "")
        )
        if result.ok:
            return redirect("accounts:recovery_password")
        locked = result.locked
        form.add_error(None, _("Au moins une réponse est inexacte."))
    return render(request, "accounts/recovery_questions.html", {"form": form, "locked": locked})


@sensitive_post_parameters()
@never_cache
def recovery_password(request: HttpRequest) -> HttpResponse:
    attempt = recovery.current_attempt(request)
    if attempt is None or attempt.user is None:
        return _expired(request)
    if not recovery.answers_verified(request, attempt):
        return redirect("accounts:recovery_questions")
    form = NewPasswordForm(attempt.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        recovery.recovery_complete(request, attempt, form.cleaned_data["new_password1"])
        messages.success(
            request,
            _(
                "Votre mot de passe est changé. Connectez-vous : vous serez ensuite dirigé vers "
                "la page Questions secrètes."
            ),
        )
        return redirect("accounts:login")
    return render(request, "accounts/recovery_password.html", {"form": form})
