"""The establishment's *Association* user's form: authorize a vendor's client (by its client id)
to submit payment requests for installations of their scope."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sel.accounts.models import User
from sel.core.forms import AccessibleFormMixin
from sel.establishments.models import Installation
from sel.establishments.selectors import association_installations


class SoftwareAuthorizeForm(AccessibleFormMixin, forms.Form):
    client_id = forms.CharField(
        label=_("Identifiant du client B2B du logiciel (client id)"),
        help_text=_(
            "Le développeur du logiciel vous le donne : c'est l'identifiant de son client de "
            "production."
        ),
        max_length=100,
    )
    installations = forms.MultipleChoiceField(
        label=_("Installations pour lesquelles ce logiciel transmet les demandes"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _(
                "Cette installation ne fait pas partie des installations de votre accès."
            ),
            "required": _("Cochez au moins une installation."),
        },
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.in_scope = {str(i.pk): i for i in association_installations(user)}
        self.fields["installations"].choices = [  # type: ignore[attr-defined]
            (key, f"{i.number} {i.name}") for key, i in self.in_scope.items()
        ]

    def chosen(self) -> list[Installation]:
        """The installations checked (each one of the scope: the choices are)."""
        return [self.in_scope[key] for key in self.cleaned_data["installations"]]


class SoftwareEndForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "Je comprends que ce logiciel ne pourra plus transmettre de demande pour cette "
            "installation."
        ),
    )
