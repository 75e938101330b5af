"""The public's pages: login, second factor at login, logout, the required steps that follow a
login, *Mot de passe oublié?* (seeds 001, 002) and registration with a PIN. Thin views over
``sel.accounts.services``."""

from __future__ import annotations

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from sel.accounts import throttle
from sel.accounts.forms.public import (
    CodeForm,
    LoginForm,
    NewPasswordForm,
    RecoveryAnswersForm,
    RecoveryStartForm,
    RegistrationForm,
    SecondFactorForm,
    SecretQuestionsForm,
)
from sel.accounts.middleware import required_step
from sel.accounts.models import EmailCode, User
from sel.accounts.services import login as login_flow
from sel.accounts.services import password, recovery, registration_pin
from sel.accounts.services import secret_questions as questions_service
from sel.audit.events import Action
from sel.audit.services import record
from sel.core.http import client_ip
from sel.core.languages import language_cookie_set
from sel.core.limits import LIMIT_MESSAGE, address_limit_reached
from sel.notices import contacts


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _after_login(request: HttpRequest, user: User) -> HttpResponse:
    step = required_step(user)
    response = redirect(reverse(step) if step else _next_url(request))
    language_cookie_set(response, user.language)  # the account's language becomes the session's
    return response


def _address_throttled_message() -> str:
    return _("Trop de tentatives de connexion depuis votre adresse. Réessayez dans une minute.")


def _wait_message(wait_seconds: int) -> str:
    minutes = max(1, (wait_seconds + 59) // 60)
    return _(
        "Après plusieurs essais infructueux, vous devez attendre %(minutes)d minutes "
        "avant de réessayer."
    ) % {"minutes": minutes}


@sensitive_post_parameters("password")
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    """Seed 002: log in with a username starting with IP or CE, or with the user's alias."""
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_next_url(request))
    form = LoginForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        result = login_flow.login_attempt(
            request, form.cleaned_data["username"], form.cleaned_data["password"]
        )
        if result.ok and result.second_factor_needed:
            return redirect(f"{reverse('accounts:login_second_factor')}?next={_next_url(request)}")
        if result.ok and result.user is not None:
            return _after_login(request, result.user)
        if result.address_throttled:
            error = _address_throttled_message()
        elif result.temporary_expired:
            error = _(
                "Votre mot de passe temporaire n'est plus valide. Appelez le Centre d'assistance "
                "aux professionnels pour en obtenir un nouveau."
            )
        else:
            error = _("Nom d'utilisateur ou mot de passe invalide.")
            if result.wait_seconds:
                error += " " + _wait_message(result.wait_seconds)
    return render(
        request,
        "accounts/login.html",
        {"form": form, "error": error, "next": request.GET.get("next", "")},
        status=200,
    )


@sensitive_post_parameters("code")
@never_cache
def login_second_factor(request: HttpRequest) -> HttpResponse:
    """Beyond the seeds: the account's TOTP or one of its recovery codes completes the login."""
    user = login_flow.pending_user(request)
    if user is None:
        return redirect("accounts:login")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = login_flow.second_factor_attempt(request, user, form.cleaned_data["code"])
        if result.ok:
            return _after_login(request, user)
        if result.address_throttled:
            form.add_error(None, _address_throttled_message())
        else:
            form.add_error("code", _("Ce code est inexact ou a déjà servi."))
        if result.wait_seconds:
            form.add_error(None, _wait_message(result.wait_seconds))
        if result.start_again:
            messages.error(
                request,
                _(
                    "Trop de codes inexacts pour cette connexion. "
                    "Entrez de nouveau votre mot de passe."
                ),
            )
            return redirect(f"{reverse('accounts:login')}?next={_next_url(request)}")
    return render(request, "accounts/login_second_factor.html", {"form": form})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        record(action=Action.LOGOUT, actor=request.user, target=request.user, request=request)
    auth.logout(request)
    return redirect("portal:home")


@sensitive_post_parameters("new_password1", "new_password2")
@login_required
def password_required(request: HttpRequest) -> HttpResponse:
    """A temporary password is replaced before anything else (seeds 001 and 002: « Après le
    changement de mot de passe, vous serez automatiquement dirigé vers la page Questions
    secrètes »); an expired one once the questions are chosen (seed 002)."""
    user: User = request.user  # type: ignore[assignment]
    if not user.must_change_password:
        return redirect("portal:home")
    form = NewPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        password.password_change(
            user=user,
            new_password=form.cleaned_data["new_password1"],
            request=request,
            keep_current_session=True,
            via="required",
        )
        messages.success(request, _("Votre nouveau mot de passe est enregistré."))
        user.refresh_from_db()
        return _after_login(request, user)
    return render(
        request,
        "accounts/password_required.html",
        {"form": form, "questions_next": user.must_set_questions},
    )


@sensitive_post_parameters()
@login_required
def secret_questions(request: HttpRequest) -> HttpResponse:
    """Seed 001: « à la première connexion, l'utilisateur ayant saisi son mot de passe temporaire
    sera dirigé vers la page Questions secrètes pour choisir et répondre de façon confidentielle à
    huit questions secrètes »."""
    user: User = request.user  # type: ignore[assignment]
    if not user.must_set_questions:
        return redirect("accounts:questions_change")
    has_questions = user.secret_answers.exists()
    if request.method == "POST" and "keep" in request.POST and has_questions:
        questions_service.secret_questions_keep(user=user, request=request)
        messages.success(request, _("Vos questions secrètes sont conservées."))
        return _after_login(request, user)
    form = SecretQuestionsForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        questions_service.secret_questions_set(
            user=user, answers=form.cleaned_data["answers"], request=request
        )
        messages.success(request, _("Vos questions secrètes sont enregistrées."))
        return _after_login(request, user)
    return render(
        request,
        "accounts/questions.html",
        {
            "form": form,
            "required": True,
            "has_questions": has_questions,
            "password_next": user.must_change_password,
        },
    )


@never_cache
def not_me(request: HttpRequest, token: str) -> HttpResponse:
    """The "this was not me" link of the password-changed email (valid 10 days, single use,
    dead after the next password change, lock or unlock): ends every session and blocks the
    account until the support centre has checked the user's identity."""
    if request.method == "POST":
        if password.not_me_report(token=token, request=request) is None:
            return _not_me_invalid(request)
        auth.logout(request)
        return render(request, "accounts/not_me.html", {"done": True})
    if password.not_me_user(token) is None:
        return _not_me_invalid(request)
    return render(request, "accounts/not_me.html", {})


def _not_me_invalid(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/not_me.html", {"invalid": True}, status=400)


@sensitive_post_parameters("pin", "new_password1", "new_password2")
@never_cache
def register(request: HttpRequest) -> HttpResponse:
    """Seed 002: a new health professional registers online with the PIN mailed by the Régie."""
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = registration_pin.registration_with_pin(
            request,
            practice_number=form.cleaned_data["practice_number"],
            pin=form.cleaned_data["pin"],
            password=form.cleaned_data["new_password1"],
        )
        if result.user is not None:
            messages.success(
                request,
                _(
                    "Votre compte %(username)s est créé. "
                    "Choisissez maintenant vos questions secrètes."
                )
                % {"username": result.user.username},
            )
            return _after_login(request, result.user)
        if result.throttled:
            form.add_error(
                None, _("Trop d'essais. Réessayez plus tard ou joignez le Centre d'assistance.")
            )
        elif result.already_registered:
            form.add_error(
                "practice_number",
                _("Ce numéro de pratique a déjà un compte. Utilisez l'option Mot de passe oublié?"),
            )
        else:
            form.add_error(None, _("Le numéro de pratique ou le NIP est inexact ou expiré."))
    return render(request, "accounts/register.html", {"form": form})


def _code_passed(attempt: EmailCode) -> bool:
    """The emailed code was entered, or the code step is turned off."""
    return attempt.verified_at is not None or not settings.RECOVERY_EMAIL_CODE


def _questions_open(attempt: EmailCode) -> bool:
    return bool(attempt.questions) and _code_passed(attempt)


def _account_locked(request: HttpRequest) -> HttpResponse:
    """Seed 002: « pour un compte verrouillé […] veuillez joindre le Centre d'assistance aux
    professionnels », with the numbers from the one contact source."""
    return render(
        request,
        "accounts/recovery_account_locked.html",
        {"support": contacts.support_centre_current()},
    )


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
        if result.account_locked:
            return _account_locked(request)
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
    if recovery.locked_account_calls_support_centre(attempt.user):
        return _account_locked(request)
    form = NewPasswordForm(attempt.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        if recovery.recovery_complete(request, attempt, form.cleaned_data["new_password1"]) is None:
            return _account_locked(request)
        messages.success(
            request,
            _(
                "Votre mot de passe est changé. Connectez-vous : vous serez ensuite dirigé vers "
                "la page Questions secrètes."
            ),
        )
        return redirect("accounts:login")
    return render(request, "accounts/recovery_password.html", {"form": form})
