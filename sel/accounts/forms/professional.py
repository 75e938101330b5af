"""The professional's own forms: *Paramètres du compte* (seed 002), each asking for the current
password again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sel.accounts.forms.public import NewPasswordForm, SecretQuestionsForm, reuse_validators
from sel.accounts.models import User
from sel.accounts.services.current_password import current_password_check
from sel.core.forms import AccessibleFormMixin
from sel.core.languages import Language


class CurrentPasswordMixin(forms.Form):
    """Settings changes ask for the current password again (SECURITY.md #5, #21, #22), checked
    against the login's counters (``services.current_password``). Whatever else a form checks that
    tells something about this account or another one (a taken alias, a reused password) goes in
    ``clean_after_current_password``: it runs only once the current password is known right."""

    user: User
    current_password = forms.CharField(
        label=_("Mot de passe actuel"),
        strip=False,
        max_length=1024,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        self.request = request
        self.current_password_verified = False
        super().__init__(*args, **kwargs)

    def clean_current_password(self) -> str:
        password: str = self.cleaned_data["current_password"]
        check = current_password_check(request=self.request, user=self.user, password=password)
        if check.right:
            self.current_password_verified = True
            return password
        wait = (
            gettext(
                "Après plusieurs essais infructueux, vous devez attendre %(minutes)d minutes "
                "avant de réessayer."
            )
            % {"minutes": check.wait_minutes}
            if check.wait_seconds
            else ""
        )
        if check.waiting:
            raise ValidationError(wait, code="wait")
        wrong = gettext("Le mot de passe actuel est inexact.")
        raise ValidationError(f"{wrong} {wait}".strip(), code="wrong_password")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.current_password_verified:
            self.clean_after_current_password(cleaned)
        return cleaned

    def clean_after_current_password(self, cleaned: dict[str, Any]) -> None:
        """Checks answered only to whoever typed the right current password."""


class PasswordChangeForm(CurrentPasswordMixin, NewPasswordForm):
    field_order = ["current_password", "new_password1", "new_password2"]
    reuse_check_after_current_password = True

    def clean_after_current_password(self, cleaned: dict[str, Any]) -> None:
        password = cleaned.get("new_password1")
        if not password:
            return
        try:
            password_validation.validate_password(password, self.user, reuse_validators(reuse=True))
        except ValidationError as error:
            self.add_error("new_password1", error)


class PasswordOnlyForm(AccessibleFormMixin, CurrentPasswordMixin):
    """A settings form whose only field is the current password (subclasses add theirs); built
    with ``request=`` for the throttle."""

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)


class AliasForm(PasswordOnlyForm):
    alias = forms.EmailField(
        label=_("Nouvel alias (adresse électronique personnelle)"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "Un code vous sera envoyé à cette adresse. Votre nom d'utilisateur IP ou CE "
            "demeure valide."
        ),
    )
    field_order = ["alias", "current_password"]

    def clean_alias(self) -> str:
        alias: str = self.cleaned_data["alias"].strip().lower()
        return alias

    def clean_after_current_password(self, cleaned: dict[str, Any]) -> None:
        """Whether another account has this alias is told only to whoever knows this account's
        password: otherwise a stolen session would list the aliases in use."""
        alias = cleaned.get("alias")
        if alias and User.objects.filter(alias__iexact=alias).exclude(pk=self.user.pk).exists():
            self.add_error(
                "alias",
                forms.ValidationError(
                    _("Cet alias est déjà utilisé. Choisissez une autre adresse."),
                    code="alias_taken",
                ),
            )


class SecondFactorSetupForm(PasswordOnlyForm):
    code = forms.CharField(
        label=_("Code à 6 chiffres affiché par votre application"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class SecondFactorRemoveForm(PasswordOnlyForm):
    pass


class LanguageForm(AccessibleFormMixin, forms.Form):
    language = forms.ChoiceField(
        label=_("Langue"),
        choices=Language.choices,
        help_text=_(
            "Les courriels des services en ligne vous sont écrits dans cette langue, et le "
            "portail s'affiche dans cette langue à chaque connexion."
        ),
    )


class SecretQuestionsChangeForm(CurrentPasswordMixin, SecretQuestionsForm):
    pass
