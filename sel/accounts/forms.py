from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sel.accounts import questions
from sel.accounts.models import User
from sel.core.forms import AccessibleFormMixin


class LoginForm(AccessibleFormMixin, forms.Form):
    username = forms.CharField(
        label=_("Nom d'utilisateur (IP ou CE) ou alias"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        max_length=1024,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class SecondFactorForm(AccessibleFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code de votre application d'authentification ou code de récupération"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
    )


class NewPasswordForm(AccessibleFormMixin, forms.Form):
    """A new password: 12 to 128 characters, no composition rule, not common, not built on the
    user's names, not one of the last 5."""

    new_password1 = forms.CharField(
        label=_("Nouveau mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "De 12 à 128 caractères. Une phrase de passe facile à retenir convient très bien. "
            "Évitez vos noms, votre nom d'utilisateur et vos 5 derniers mots de passe."
        ),
    )
    new_password2 = forms.CharField(
        label=_("Confirmation du nouveau mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_new_password1(self) -> str:
        password: str = self.cleaned_data["new_password1"]
        password_validation.validate_password(password, self.user)
        return password

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("new_password1"), cleaned.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", _("Les deux mots de passe ne sont pas identiques."))
        return cleaned


class CurrentPasswordMixin(forms.Form):
    """Settings changes ask for the current password again (SECURITY.md #5, #21, #22)."""

    user: User
    current_password = forms.CharField(
        label=_("Mot de passe actuel"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_current_password(self) -> str:
        password: str = self.cleaned_data["current_password"]
        if not self.user.check_password(password):
            raise ValidationError(_("Le mot de passe actuel est inexact."), code="wrong_password")
        return password


class PasswordChangeForm(CurrentPasswordMixin, NewPasswordForm):
    field_order = ["current_password", "new_password1", "new_password2"]


class SecretQuestionsForm(AccessibleFormMixin, forms.Form):
    """Seed 001: choose 8 different questions from the catalogue and answer each."""

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        choices = [("", _("— Choisissez une question —")), *questions.question_choices()]
        for index in range(1, questions.QUESTIONS_REQUIRED + 1):
            self.fields[f"question_{index}"] = forms.ChoiceField(
                label=_("Question %(n)d") % {"n": index}, choices=choices
            )
            self.fields[f"answer_{index}"] = forms.CharField(
                label=_("Réponse %(n)d") % {"n": index},
                max_length=200,
                widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "off"}),
            )
        # AccessibleFormMixin validated a bound form before these fields existed: start again.
        self._errors = None
        self._describe_fields()

    def pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"question_{i}"], self[f"answer_{i}"])
            for i in range(1, questions.QUESTIONS_REQUIRED + 1)
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        answers: dict[str, str] = {}
        field_of: dict[str, str] = {}
        for index in range(1, questions.QUESTIONS_REQUIRED + 1):
            code = cleaned.get(f"question_{index}")
            answer = cleaned.get(f"answer_{index}")
            if not code or answer is None:
                continue
            if code in answers:
                self.add_error(f"question_{index}", _("Cette question est déjà choisie."))
                continue
            answers[code] = answer
            field_of[code] = f"answer_{index}"
        for code, message in questions.answers_errors(self.user, answers).items():
            if code in field_of:
                self.add_error(field_of[code], message)
            elif code == "__all__":
                self.add_error(None, message)
        cleaned["answers"] = answers
        return cleaned


class SecretQuestionsChangeForm(CurrentPasswordMixin, SecretQuestionsForm):
    pass
