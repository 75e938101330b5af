"""*Paramètres du compte* (seed 002): alias, password, secret questions, second factor, recent
security events. Every change asks for the current password again."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from sel.accounts import secondfactor, selectors
from sel.accounts.forms.professional import (
    AliasForm,
    LanguageForm,
    PasswordChangeForm,
    PasswordOnlyForm,
    SecondFactorRemoveForm,
    SecondFactorSetupForm,
    SecretQuestionsChangeForm,
)
from sel.accounts.forms.public import CodeForm
from sel.accounts.models import EmailCode, User
from sel.accounts.passwords import password_expires_at
from sel.accounts.services import account, password, secret_questions
from sel.core.languages import language_cookie_set

ALIAS_ATTEMPT_KEY = "sel_alias_attempt"
TOTP_SETUP_KEY = "sel_totp_setup"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _settings_page(request: HttpRequest, language_form: LanguageForm) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "accounts/settings.html",
        {
            "account": user,
            "events": selectors.security_events_for(user),
            "password_expires_at": password_expires_at(user),
            "question_count": user.secret_answers.count(),
            "language_form": language_form,
        },
    )


@login_required
def settings_home(request: HttpRequest) -> HttpResponse:
    """Seed 002: « Le menu Paramètres du compte vous donnera accès aux options suivantes »."""
    return _settings_page(request, LanguageForm(initial={"language": _user(request).language}))


@require_POST
@login_required
def language_change(request: HttpRequest) -> HttpResponse:
    """The account's language (emails, and the portal at login); the portal switches to it now."""
    user = _user(request)
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return _settings_page(request, form)
    language = form.cleaned_data["language"]
    account.account_language_set(user=user, language=language, via="settings", request=request)
    with translation.override(language):
        messages.success(request, _("Votre langue est enregistrée."))
    response = redirect("accounts:settings")
    language_cookie_set(response, language)
    return response


def language_switch(request: HttpRequest) -> HttpResponse:
    """The language switch of every page (Django's ``set_language``); a logged-in user's choice
    also becomes the account's language, so that emails follow it."""
    response = set_language(request)
    language = request.POST.get("language", "") if request.method == "POST" else ""
    user = request.user
    if user.is_authenticated and language in dict(settings.LANGUAGES):
        account.account_language_set(
            user=_user(request), language=language, via="switch", request=request
        )
    return response


@sensitive_post_parameters()
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = PasswordChangeForm(user, request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        password.password_change(
            user=user,
            new_password=form.cleaned_data["new_password1"],
            request=request,
            keep_current_session=True,
        )
        messages.success(
            request, _("Votre mot de passe est changé. Vos autres sessions ont été fermées.")
        )
        return redirect("accounts:settings")
    return render(request, "accounts/password_change.html", {"form": form})


@sensitive_post_parameters()
@login_required
def questions_change(request: HttpRequest) -> HttpResponse:
    """Seed 001: « il est possible en tout temps d'accéder à cette page à partir de l'option
    Paramètres du compte »."""
    user = _user(request)
    form = SecretQuestionsChangeForm(user, request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        secret_questions.secret_questions_set(
            user=user, answers=form.cleaned_data["answers"], request=request
        )
        messages.success(request, _("Vos questions secrètes sont enregistrées."))
        return redirect("accounts:settings")
    return render(
        request,
        "accounts/questions.html",
        {"form": form, "required": False, "has_questions": False},
    )


@sensitive_post_parameters()
@login_required
def alias_change(request: HttpRequest) -> HttpResponse:
    """Seed 002: « personnaliser votre nom d'utilisateur IP ou CE et le remplacer par une adresse
    courriel de votre choix. Votre IP ou CE actuel demeurera toutefois valide »."""
    user = _user(request)
    removing = request.method == "POST" and "remove" in request.POST
    remove_form = PasswordOnlyForm(
        user, request.POST if removing else None, request=request, auto_id="remove_%s"
    )
    if removing and user.alias and remove_form.is_valid():
        account.alias_remove(user=user, request=request)
        messages.success(request, _("Votre alias est retiré."))
        return redirect("accounts:settings")
    form = AliasForm(
        user, request.POST if request.method == "POST" and not removing else None, request=request
    )
    if request.method == "POST" and not removing and form.is_valid():
        attempt = account.alias_request(
            user=user, alias=form.cleaned_data["alias"], request=request
        )
        request.session[ALIAS_ATTEMPT_KEY] = str(attempt.pk)
        return redirect("accounts:alias_confirm")
    return render(
        request,
        "accounts/alias_change.html",
        {"form": form, "remove_form": remove_form, "account": user},
    )


@sensitive_post_parameters()
@login_required
def alias_confirm(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    attempt_id = request.session.get(ALIAS_ATTEMPT_KEY)
    attempt = (
        EmailCode.objects.filter(pk=attempt_id, user=user, purpose=EmailCode.Purpose.ALIAS).first()
        if attempt_id
        else None
    )
    if attempt is None:
        return redirect("accounts:alias_change")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            confirmed = account.alias_confirm(
                user=user, attempt=attempt, code=form.cleaned_data["code"], request=request
            )
        except (account.AliasTaken, IntegrityError):
            messages.error(request, _("Cet alias est déjà utilisé. Choisissez une autre adresse."))
            return redirect("accounts:alias_change")
        if confirmed:
            request.session.pop(ALIAS_ATTEMPT_KEY, None)
            messages.success(request, _("Votre alias est activé."))
            return redirect("accounts:settings")
        form.add_error("code", _("Ce code est inexact ou expiré."))
    return render(
        request, "accounts/alias_confirm.html", {"form": form, "alias": attempt.target_email}
    )


@sensitive_post_parameters()
@login_required
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """TOTP: scan the QR code, confirm a code with the password; the 10 recovery codes are shown
    once."""
    user = _user(request)
    secret = request.session.get(TOTP_SETUP_KEY)
    if not secret:
        secret = secondfactor.totp_secret_new()
        request.session[TOTP_SETUP_KEY] = secret
    form = SecondFactorSetupForm(user, request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        codes = secondfactor.second_factor_enable(
            user=user, secret=secret, code=form.cleaned_data["code"], request=request
        )
        if codes is not None:
            request.session.pop(TOTP_SETUP_KEY, None)
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
        form.add_error("code", _("Ce code est inexact. Vérifiez l'heure de votre appareil."))
    return render(
        request,
        "accounts/second_factor_setup.html",
        {
            "form": form,
            "qr": secondfactor.totp_qr_data_uri(user, secret),
            "secret": secret,
            "required": user.needs_second_factor and not user.has_second_factor,
        },
    )


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@login_required
def second_factor_remove(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.needs_second_factor or not user.has_second_factor:
        return redirect("accounts:settings")
    form = SecondFactorRemoveForm(user, request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        secondfactor.second_factor_disable(user=user, actor=user, request=request)
        messages.success(request, _("Le deuxième facteur est retiré."))
        return redirect("accounts:settings")
    return render(request, "accounts/second_factor_remove.html", {"form": form})
