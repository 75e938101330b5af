"""Forms of the establishments' staff: the *Association* application and the signatory's queue."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sel.core.forms import AccessibleFormMixin, database_key
from sel.establishments.forms import date_field
from sel.establishments.models import Mode
from sel.establishments.selectors import professional_by_number_or_username


class AssociationForm(AccessibleFormMixin, forms.Form):
    installation_number = forms.CharField(label=_("Numéro de l'installation"), max_length=10)
    professional = forms.CharField(
        label=_("Professionnel"),
        help_text=_("Son numéro de pratique ou son nom d'utilisateur (IP…)."),
        max_length=12,
    )
    signatory_username = forms.CharField(
        label=_("Nom d'utilisateur du signataire autorisé"), max_length=12
    )
    valid_from = date_field(_("À partir du"))
    valid_until = date_field(_("Jusqu'au (facultatif)"), required=False)

    def clean_professional(self) -> Any:
        professional = professional_by_number_or_username(self.cleaned_data["professional"])
        if professional is None:
            raise ValidationError(
                _("Aucun professionnel ne porte ce numéro ou ce nom d'utilisateur."),
                code="unknown_professional",
            )
        return professional


class AssociationChangeForm(AccessibleFormMixin, forms.Form):
    """What a change of an association may change: its signatory and its dates (another
    professional or installation is another association)."""

    signatory_username = forms.CharField(
        label=_("Nom d'utilisateur du signataire autorisé"), max_length=12
    )
    valid_from = date_field(_("À partir du"))
    valid_until = date_field(_("Jusqu'au (facultatif)"), required=False)


class AssociationEndForm(AccessibleFormMixin, forms.Form):
    end_on = date_field(_("Date de fin"))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Numéro ou nom"), required=False, max_length=100)


class QueueFilterForm(forms.Form):
    installation = forms.CharField(label=_("Installation"), required=False, max_length=5)
    professional = forms.CharField(label=_("Professionnel"), required=False, max_length=100)
    period_from = date_field(_("Période à partir du"), required=False, help_text=False)
    period_until = date_field(_("Période jusqu'au"), required=False, help_text=False)
    mode = forms.ChoiceField(
        label=_("Mode"), required=False, choices=[("", _("Tous")), *Mode.choices]
    )
    min_age_days = forms.IntegerField(
        label=_("En attente depuis au moins (jours)"), required=False, min_value=0, max_value=3650
    )


class AuthorizeForm(forms.Form):
    """Authorizing needs nothing typed."""


class ReasonForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus"),
        help_text=_("Le professionnel le lit avec la décision."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


class ReturnForm(ReasonForm):
    reason = forms.CharField(
        label=_("Ce que le professionnel doit corriger"),
        help_text=_("Le professionnel le lit avec la demande qu'il corrige."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


class BulkSelectionForm(forms.Form):
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=[], required=True)

    def __init__(self, *args: Any, choices: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(pk, str(pk)) for pk in choices]  # type: ignore[attr-defined]


class BulkConfirmForm(forms.Form):
    ids = forms.CharField(widget=forms.HiddenInput)
    count = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    total = forms.DecimalField(widget=forms.HiddenInput, max_digits=14, decimal_places=2)

    def clean_ids(self) -> list[int]:
        keys = [database_key(pk) for pk in self.cleaned_data["ids"].split(",") if pk]
        ids = [key for key in keys if key is not None]
        if len(ids) != len(keys):
            raise ValidationError(_("Sélection illisible."), code="ids")
        if not ids or len(ids) > 1000:
            raise ValidationError(_("Choisissez de 1 à 1000 demandes."), code="ids")
        return ids
