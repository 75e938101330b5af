from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sel.accounts import questions
from sel.core.forms import AccessibleFormMixin


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
