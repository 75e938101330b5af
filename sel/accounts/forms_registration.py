from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from sel.accounts.forms import NewPasswordForm
from sel.accounts.models import User


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
