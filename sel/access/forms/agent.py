"""Forms of the Régie's agents (section 4): decisions and paper requests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sel.access.models import FormVersion, OnlineService
from sel.access.rules import PAPER_DIRECTIVES
from sel.core.forms import AccessibleFormMixin, ModelMultipleChoiceField
from sel.core.languages import Language
from sel.core.uploads import UPLOAD_ACCEPT, upload_check

SCAN_MAX_BYTES = 10 * 1024 * 1024


def _directive_choices(attribute: str) -> list[tuple[str, Any]]:
    return [(d.code, getattr(d, attribute)) for d in PAPER_DIRECTIVES]


class ApproveForm(AccessibleFormMixin, forms.Form):
    valid_until = forms.DateField(
        label=_("Période de validité : jusqu'au"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("AAAA-MM-JJ"),
    )
    # Shown for a request received on paper only; the service requires every one (seeds 001, 003).
    directives_confirmed = forms.MultipleChoiceField(
        label=_("Directives du formulaire, vérifiées sur le document reçu"),
        choices=_directive_choices("check"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["valid_until"].initial = timezone.localdate() + timedelta(
            days=settings.ACCESS_GRANT_VALIDITY_DAYS
        )

    def clean_valid_until(self) -> Any:
        value = self.cleaned_data["valid_until"]
        if value <= timezone.localdate():
            raise forms.ValidationError(_("La date de fin doit être postérieure à aujourd'hui."))
        return value


class RefuseForm(AccessibleFormMixin, forms.Form):
    # For a request received on paper: each directive broken is written to the requester in
    # their language (``rules.PAPER_DIRECTIVES``).
    directives_broken = forms.MultipleChoiceField(
        label=_("Directives du formulaire non respectées"),
        choices=_directive_choices("refusal"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reason = forms.CharField(
        label=_("Motif du refus"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("reason", "").strip() and not cleaned.get("directives_broken"):
            self.add_error("reason", _("Inscrivez le motif du refus ou cochez une directive."))
        return cleaned


class ReturnForm(AccessibleFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Renseignements à corriger"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NumbersForm(AccessibleFormMixin, forms.Form):
    """Numbers the requester could leave blank, completed by the agent (issue #12, item 8); only
    those ``rules.numbers_completed_by_regie`` names for the request are offered."""

    organization_number = forms.CharField(
        label=_("Numéro de la pharmacie ou de l'établissement"),
        max_length=20,
        required=False,
        help_text=_("5 chiffres, par exemple 01234."),
    )
    auth_practice_number = forms.CharField(
        label=_("Numéro de pratique du médecin qui autorise"),
        max_length=12,
        required=False,
        help_text=_("6 chiffres, par exemple 123456."),
    )

    def __init__(self, *args: Any, completed: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in completed:
                del self.fields[name]


class RevokeForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(label=_("Motif du retrait"), max_length=500)


class PaperMetaForm(AccessibleFormMixin, forms.Form):
    """What only the paper copy tells: its form version, its receipt date, its scan."""

    form_version = forms.ModelChoiceField(
        label=_("Formulaire et version"),
        queryset=FormVersion.objects.select_related("form_type").order_by(
            "form_type__position", "-valid_from"
        ),
    )
    received_on = forms.DateField(
        label=_("Date de réception"), widget=forms.DateInput(attrs={"type": "date"})
    )
    scan = forms.FileField(
        label=_("Formulaire numérisé"),
        help_text=_(
            "PDF, PNG ou JPEG, 10 Mo au plus. Les signatures numériques d'un PDF sont vérifiées : "
            "une signature brisée est refusée."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_ACCEPT}),
    )

    # The paper form is printed in French, but its signers may read English: each one's letters
    # and emails follow the language the agent records here (our rule; the model's comment).
    user_language = forms.ChoiceField(
        label=_("Langue de l'utilisateur (courriels et lettres)"),
        choices=Language.choices,
        initial=Language.FRENCH,
        required=False,  # French when not said
        help_text=_(
            "La langue dans laquelle l'utilisateur a rempli le formulaire ou demande à être joint."
        ),
    )
    auth_language = forms.ChoiceField(
        label=_("Langue de la personne qui autorise (courriels et lettres)"),
        choices=Language.choices,
        initial=Language.FRENCH,
        required=False,
    )

    def clean_scan(self) -> Any:
        """Checked by content (``sel.core.uploads``), which sets its true type; the service stores
        it under a random name with that type's extension (the scan view serves it by that)."""
        scan = self.cleaned_data["scan"]
        upload_check(scan, max_bytes=SCAN_MAX_BYTES)
        return scan

    def clean_received_on(self) -> Any:
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("La date de réception ne peut pas être dans le futur."))
        return value


class ProfessionServicesForm(AccessibleFormMixin, forms.Form):
    """The services that registration with a PIN opens for one profession (issue #12)."""

    services = ModelMultipleChoiceField(
        label=_("Services ouverts par l'inscription"),
        queryset=OnlineService.objects.filter(is_active=True),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reason = forms.CharField(label=_("Motif du changement"), min_length=5, max_length=500)


class GrantGiveForm(AccessibleFormMixin, forms.Form):
    """An agent opens a service to an account, outside any access request."""

    service = forms.ModelChoiceField(
        label=_("Service"), queryset=OnlineService.objects.filter(is_active=True)
    )
    valid_until = forms.DateField(
        label=_("Valide jusqu'au"),
        required=False,
        help_text=_("AAAA-MM-JJ; vide : sans date de fin"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(label=_("Motif"), min_length=5, max_length=500)


class GrantExtendForm(AccessibleFormMixin, forms.Form):
    """An agent moves the end date of a grant in force."""

    valid_until = forms.DateField(
        label=_("Nouvelle date de fin"),
        required=False,
        help_text=_("AAAA-MM-JJ; vide : sans date de fin"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(label=_("Motif"), min_length=5, max_length=500)
