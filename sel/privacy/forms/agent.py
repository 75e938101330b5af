"""Forms of the Régie's privacy office: an insured person's request for access to their personal
information (Law 25)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sel.core.forms import AccessibleFormMixin
from sel.exception_drugs.nam import NamField
from sel.privacy.rules import InsuredPersonRequest

FORMATS = [("csv", "CSV"), ("json", "JSON")]


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=_("AAAA-MM-JJ"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Saisissez une date au format AAAA-MM-JJ.")},
    )


def _not_future(day: date) -> date:
    if day > timezone.localdate():
        raise ValidationError(_("La date ne peut pas être future."), code="future")
    return day


def _with_a_letter(name: str) -> str:
    """A name is compared by its letters: one without any would compare with nothing."""
    if not any(ch.isalpha() for ch in name):
        raise ValidationError(_("Le nom doit contenir au moins une lettre."), code="no_letter")
    return name.strip()


class InsuredPersonRequestForm(AccessibleFormMixin, forms.Form):
    """The request as received: its reference and date, whose NAM, and the identity the
    requester proved (compared with the NAM and the registers)."""

    reference = forms.CharField(
        label=_("Référence de la demande"),
        help_text=_("Le numéro du dossier de la demande d'accès."),
        max_length=40,
    )
    received_on = _date_field(_("Date de réception de la demande"))
    nam = NamField()
    last_name = forms.CharField(label=_("Nom de famille du demandeur"), max_length=100)
    first_name = forms.CharField(label=_("Prénom du demandeur"), max_length=100)
    birth_date = _date_field(_("Date de naissance du demandeur"))

    def clean_reference(self) -> str:
        reference: str = self.cleaned_data["reference"].strip()
        if not reference.isprintable():
            raise ValidationError(
                _("La référence ne peut contenir que des caractères imprimables."), code="reference"
            )
        return reference

    def clean_last_name(self) -> str:
        return _with_a_letter(self.cleaned_data["last_name"])

    def clean_first_name(self) -> str:
        return _with_a_letter(self.cleaned_data["first_name"])

    def clean_received_on(self) -> date:
        return _not_future(self.cleaned_data["received_on"])

    def clean_birth_date(self) -> date:
        return _not_future(self.cleaned_data["birth_date"])

    def asked(self) -> InsuredPersonRequest:
        data = self.cleaned_data
        return InsuredPersonRequest(
            nam=data["nam"],
            last_name=data["last_name"].strip(),
            first_name=data["first_name"].strip(),
            birth_date=data["birth_date"],
            reference=data["reference"],
            received_on=data["received_on"],
        )


class InsuredPersonExportForm(InsuredPersonRequestForm):
    """The download: the same request (hidden fields, checked again), its language and format."""

    language = forms.ChoiceField(
        label=_("Langue du document"),
        choices=settings.LANGUAGES,
        initial="fr-ca",
        widget=forms.RadioSelect,
    )
    file_format = forms.ChoiceField(label=_("Format"), choices=FORMATS)

    REQUEST_FIELDS = ("reference", "received_on", "nam", "last_name", "first_name", "birth_date")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.REQUEST_FIELDS:
            self.fields[name].widget = forms.HiddenInput()
