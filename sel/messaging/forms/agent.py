"""The Régie agents' forms of secure messaging."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sel.accounts.models import User
from sel.core.forms import AccessibleFormMixin
from sel.messaging.forms.professional import BODY_MAX_LENGTH, AttachmentsField
from sel.messaging.models import Subject


class AgentComposeForm(AccessibleFormMixin, forms.Form):
    """A Régie agent writes first to a professional, named by their username."""

    professional = forms.CharField(
        label=_("Code d'utilisateur du professionnel"),
        max_length=150,
        help_text=_("Le professionnel lira le message et pourra y répondre."),
    )
    subject = forms.ModelChoiceField(
        label=_("Objet"),
        queryset=Subject.objects.none(),
        empty_label=_("Choisissez l'objet qui correspond au contenu"),
        help_text=_("Les réponses du professionnel iront à l'équipe de cet objet."),
    )
    title = forms.CharField(label=_("Titre"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea, max_length=BODY_MAX_LENGTH)
    attachments = AttachmentsField(label=_("Pièces jointes"))

    def __init__(self, *args: Any, agent: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["subject"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Subject.objects.filter(
            is_active=True, team__in=agent.messaging_teams.values("pk")
        )

    def clean_professional(self) -> User:
        username = self.cleaned_data["professional"].strip()
        professional = User.objects.filter(username__iexact=username).first()
        if professional is None:
            raise ValidationError(
                _("Aucun compte n'a ce code d'utilisateur."), code="unknown_professional"
            )
        return professional
