"""The support centre's forms (seed 002: the Centre d'assistance aux professionnels)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from sel.accounts.models import Profession
from sel.core.forms import AccessibleFormMixin
from sel.core.languages import Language


class PinForm(AccessibleFormMixin, forms.Form):
    practice_number = forms.RegexField(
        label=gettext_lazy("Numéro de pratique"), regex=r"^\d{4,10}$", max_length=10
    )
    first_name = forms.CharField(label=gettext_lazy("Prénom"), max_length=100)
    last_name = forms.CharField(label=gettext_lazy("Nom"), max_length=100)
    email = forms.EmailField(label=gettext_lazy("Adresse électronique"))
    language = forms.TypedChoiceField(
        label=gettext_lazy("Langue du courriel"),
        choices=Language.choices,
        initial=Language.FRENCH,
        required=False,
        empty_value=Language.FRENCH.value,
    )
    profession = forms.ModelChoiceField(
        label=gettext_lazy("Profession"),
        queryset=Profession.objects.all(),
        to_field_name="code",
        empty_label=None,
    )
    reason = forms.CharField(
        label=gettext_lazy("Motif"),
        min_length=5,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
