"""The agents' forms: on the B2B clients, revocation with a reason and a practice linked; on
the SELAT claims, the queue's filters and the decisions."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sel.b2b.models import ClaimStatus, Environment
from sel.b2b.rules import REFUSAL_REASON_MAX
from sel.b2b.selectors import ClaimFilters
from sel.core.forms import AccessibleFormMixin


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


# --- SELAT claims (form 4134) --------------------------------------------------------------------


class ClaimFilterForm(AccessibleFormMixin, forms.Form):
    """The agents' SELAT queue: status, environment, dispenser and date of receipt."""

    status = forms.ChoiceField(
        label=_("État"),
        required=False,
        choices=[("open", _("Ouvertes (reçues et en traitement)")), *ClaimStatus.choices],
    )
    environment = forms.ChoiceField(
        label=_("Environnement"), required=False, choices=Environment.choices
    )
    dispenser = forms.CharField(
        label=_("Dispensateur ou identifiant du client"), required=False, max_length=100
    )
    received_from = forms.DateField(
        label=_("Reçues à partir du"),
        required=False,
        help_text=_("AAAA-MM-JJ"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    received_until = forms.DateField(
        label=_("Reçues jusqu'au"),
        required=False,
        help_text=_("AAAA-MM-JJ"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("received_from"), data.get("received_until")
        if start and end and end < start:
            self.add_error("received_until", _("La fin de la période doit suivre son début."))
        return data

    def filters(self) -> ClaimFilters:
        """The filters typed, once valid (the defaults for what was left empty)."""
        data = self.cleaned_data
        return ClaimFilters(
            status=data.get("status") or "open",
            environment=data.get("environment") or Environment.PRODUCTION,
            dispenser=(data.get("dispenser") or "").strip(),
            received_from=data.get("received_from"),
            received_until=data.get("received_until"),
        )


class ClaimTakeForm(forms.Form):
    """Taking a claim in processing needs nothing typed."""


class ClaimAcceptForm(forms.Form):
    """Accepting a claim needs nothing typed."""


class ClaimRefuseForm(AccessibleFormMixin, forms.Form):
    """A refusal's reason, in both languages: the vendor's status call returns both."""

    reason_fr = forms.CharField(
        label=_("Motif du refus, en français"),
        widget=forms.Textarea(attrs={"rows": 3, "lang": "fr"}),
        max_length=REFUSAL_REASON_MAX,
        help_text=_("Transmis au développeur de logiciels par l'appel d'état de la réclamation."),
    )
    reason_en = forms.CharField(
        label=_("Motif du refus, en anglais"),
        widget=forms.Textarea(attrs={"rows": 3, "lang": "en"}),
        max_length=REFUSAL_REASON_MAX,
        help_text=_("Transmis au développeur de logiciels par l'appel d'état de la réclamation."),
    )
