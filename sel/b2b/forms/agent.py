"""The agents' forms on the B2B clients: revocation with a reason, and a practice linked."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class AgentRevokeForm(forms.Form):
    reason = forms.CharField(label=_("Motif de la révocation"), max_length=500)


class PracticeLinkForm(forms.Form):
    practice_number = forms.CharField(label=_("Numéro de pratique du médecin"), max_length=10)

    def clean_practice_number(self) -> str:
        value: str = self.cleaned_data["practice_number"].strip()
        if not re.fullmatch(r"[0-9]{1,10}", value):
            raise ValidationError(
                _("Le numéro de pratique ne compte que des chiffres (10 au plus)."),
                code="practice_digits",
            )
        return value
