"""The IT lead's forms: a new secret (with the old one's grace period) and revocation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sel.b2b.services.clients import MAX_GRACE_DAYS


class SecretRotateForm(forms.Form):
    grace_days = forms.IntegerField(
        label=_("L'ancien secret reste valide pendant (jours)"),
        min_value=0,
        max_value=MAX_GRACE_DAYS,
        initial=1,
        help_text=_("De 0 à 7 jours, le temps de mettre le nouveau secret en place."),
    )


class ClientRevokeForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je comprends que ce client et ses jetons cesseront de fonctionner aussitôt."),
    )
