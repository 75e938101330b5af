"""The public's forms: login, the required steps after it, recovery (*Mot de passe oublié?*) and
registration with a PIN."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from sel.accounts import questions
from sel.accounts.models import User
from sel.accounts.passwords import PasswordHistoryValidator
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


def reuse_validators(*, reuse: bool) -> list[Any]:
    """The configured password validators that check reuse (``reuse=True``) or all the others."""
    return [
        validator
        for validator in password_validation.get_default_password_validators()
        if isinstance(validator, PasswordHistoryValidator) == reuse
    ]


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

    # The reuse check compares the new password with the current one: a form that asks for the
    # current password answers it only after that (else a stolen session could test guesses).
    reuse_check_after_current_password = False

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_new_password1(self) -> str:
        password: str = self.cleaned_data["new_password1"]
        validators = (
            reuse_validators(reuse=False) if self.reuse_check_after_current_password else None
        )
        password_validation.validate_password(password, self.user, validators)
        return password

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("new_password1"), cleaned.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", _("Les deux mots de passe ne sont pas identiques."))
        return cleaned


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


class CodeForm(AccessibleFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code reçu par courriel"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class RecoveryStartForm(AccessibleFormMixin, forms.Form):
    username = forms.CharField(
        label=_("Nom d'utilisateur (débutant par IP ou CE) ou alias"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )


class RecoveryAnswersForm(AccessibleFormMixin, forms.Form):
    """The 3 questions drawn for the attempt, and the second factor if the account has one."""

    def __init__(
        self, codes: list[str], *args: Any, second_factor: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.codes = codes
        for code in codes:
            self.fields[f"answer_{code}"] = forms.CharField(
                label=questions.question_text(code),
                max_length=200,
                widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
            )
        if second_factor:
            self.fields["second_factor"] = forms.CharField(
                label=_("Code de votre application d'authentification ou code de récupération"),
                max_length=32,
                widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
            )
        self._errors = None  # validated by the mixin before these fields existed
        self._describe_fields()

    def answers(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"answer_{code}", "") for code in self.codes}


class RegistrationForm(NewPasswordForm):
    """Practice number, PIN and a new password (seed 002)."""

    practice_number = forms.RegexField(
        label=_("Numéro de pratique"),
        regex=r"^\d{4,10}$",
        max_length=10,
        error_messages={"invalid": _("Le numéro de pratique compte de 4 à 10 chiffres.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    pin = forms.CharField(
        label=_("NIP reçu de la Régie"),
        max_length=20,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
    field_order = ["practice_number", "pin", "new_password1", "new_password2"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(User(), *args, **kwargs)

    def clean_new_password1(self) -> str:
        password: str = self.cleaned_data["new_password1"]
        number = self.data.get("practice_number", "")
        self.user.username = f"IP{number}"
        password_validation.validate_password(password, self.user)
        return password
