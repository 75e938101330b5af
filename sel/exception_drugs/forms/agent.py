"""Forms of the Régie's agents."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sel.accounts.models import Role, User
from sel.core.forms import AccessibleFormMixin
from sel.core.uploads import UPLOAD_ACCEPT, upload_check
from sel.exception_drugs.forms.professional import (
    MAX_ATTACHMENT_BYTES,
    NamField,
    RequestFieldsMixin,
)
from sel.exception_drugs.models import Channel


class RecordForm(AccessibleFormMixin, RequestFieldsMixin):
    channel = forms.ChoiceField(
        label=_("Reçue par"),
        choices=[(Channel.FAX.value, Channel.FAX.label), (Channel.MAIL.value, Channel.MAIL.label)],
        widget=forms.RadioSelect,
    )
    received_on = forms.DateField(
        label=_("Date de réception"),
        help_text=_("AAAA-MM-JJ"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    prescriber_username = forms.CharField(
        label=_("Nom d'utilisateur du prescripteur"), max_length=12
    )
    scan = forms.FileField(
        label=_("Numérisation de la demande"),
        help_text=_("PDF, PNG ou JPEG, 10 Mo au plus."),
        widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_ACCEPT}),
    )

    def clean_prescriber_username(self) -> User:
        username = self.cleaned_data["prescriber_username"].strip().upper()
        prescriber = User.objects.filter(username=username, role=Role.PRESCRIBER).first()
        if prescriber is None:
            raise ValidationError(_("Aucun prescripteur n'a ce nom d'utilisateur."))
        return prescriber

    def clean_scan(self) -> Any:
        scan = self.cleaned_data["scan"]
        upload_check(scan, max_bytes=MAX_ATTACHMENT_BYTES)
        return scan

    def clean_received_on(self) -> Any:
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise ValidationError(_("La date de réception ne peut pas être future."))
        return day


class AcceptForm(AccessibleFormMixin, forms.Form):
    authorized_from = forms.DateField(
        label=_("Autorisée du"),
        help_text=_("AAAA-MM-JJ"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    authorized_until = forms.DateField(
        label=_("Autorisée jusqu'au"),
        help_text=_("AAAA-MM-JJ"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("authorized_from"), data.get("authorized_until")
        if start and end and end < start:
            self.add_error("authorized_until", _("La fin de la période doit suivre son début."))
        return data


class RefuseForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(label=_("Motif du refus"), widget=forms.Textarea(attrs={"rows": 4}))


class AskInformationForm(AccessibleFormMixin, forms.Form):
    information = forms.CharField(
        label=_("Renseignements demandés"), widget=forms.Textarea(attrs={"rows": 4})
    )


class AuditSearchForm(AccessibleFormMixin, forms.Form):
    nam = NamField()


class LinkEndForm(AccessibleFormMixin, forms.Form):
    """An agent ends a delegation link, with a reason written to both sides."""

    reason = forms.CharField(label=_("Motif"), min_length=5, max_length=500)
