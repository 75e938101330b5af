"""Forms of the Régie's agents: the register of authorized signatories, the CSV import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sel.accounts.models import User
from sel.core.forms import AccessibleFormMixin
from sel.core.storage import upload_must_be_kept
from sel.establishments.forms import date_field
from sel.establishments.models import Establishment, SignatoryFunction

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class SignatoryForm(AccessibleFormMixin, forms.Form):
    username = forms.CharField(label=_("Nom d'utilisateur du signataire"), max_length=12)
    establishment_number = forms.CharField(
        label=_("Numéro de l'établissement ou du GMF"), max_length=5
    )
    function = forms.ChoiceField(label=_("Fonction"), choices=SignatoryFunction.choices)
    resolution_number = forms.CharField(
        label=_("Numéro de la résolution du conseil d'administration"),
        help_text=_(
            "Pas de résolution pour le représentant autorisé d'une grappe OPTILAB ou d'un GMF."
        ),
        max_length=40,
        required=False,
    )
    resolution_date = date_field(_("Date de la résolution"), required=False)
    access_request_reference = forms.CharField(
        label=_("Demande d'accès qui l'a désigné"),
        help_text=_(
            "Son numéro de référence (DA…) : une demande acceptée qui désigne ce signataire."
        ),
        max_length=20,
    )

    def clean_username(self) -> User:
        user = User.objects.filter(username__iexact=self.cleaned_data["username"].strip()).first()
        if user is None:
            raise ValidationError(_("Aucun compte ne porte ce nom d'utilisateur."), code="unknown")
        return user

    def clean_establishment_number(self) -> Establishment:
        found = Establishment.objects.filter(
            number=self.cleaned_data["establishment_number"].strip()
        ).first()
        if found is None:
            raise ValidationError(_("Aucun établissement ne porte ce numéro."), code="unknown")
        return found


class SignatoryLinkForm(AccessibleFormMixin, forms.Form):
    access_request_reference = forms.CharField(
        label=_("Demande d'accès qui l'a désigné"),
        help_text=_(
            "Son numéro de référence (DA…) : une demande acceptée qui désigne ce signataire."
        ),
        max_length=20,
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Numéro ou nom de l'établissement"), required=False, max_length=100)


class HistoryForm(forms.Form):
    reference = forms.CharField(label=_("Numéro de la demande de paiement"), max_length=20)


class ImportForm(AccessibleFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV des demandes"),
        help_text=_("Une ligne par ligne de demande, en UTF-8 ; 5 Mo au plus."),
    )

    def clean_file(self) -> list[str]:
        upload: Any = self.cleaned_data["file"]
        upload_must_be_kept(upload)
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(_("Le fichier dépasse 5 Mo."), code="too_big")
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(
                _("Le fichier n'est pas un CSV en UTF-8."), code="encoding"
            ) from error
        return text.splitlines()
