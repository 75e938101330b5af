from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sel.accounts.forms import CurrentPasswordMixin
from sel.accounts.models import User
from sel.core.forms import AccessibleFormMixin
from sel.core.languages import Language


class PasswordOnlyForm(AccessibleFormMixin, CurrentPasswordMixin):
    """A settings form whose only field is the current password (subclasses add theirs); built
    with ``request=`` for the throttle."""

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)


class AliasForm(PasswordOnlyForm):
    alias = forms.EmailField(
        label=_("Nouvel alias (adresse électronique personnelle)"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "Un code vous sera envoyé à cette adresse. Votre nom d'utilisateur IP ou CE "
            "demeure valide."
        ),
    )
    field_order = ["alias", "current_password"]

    def clean_alias(self) -> str:
        alias: str = self.cleaned_data["alias"].strip().lower()
        return alias

    def clean_after_current_password(self, cleaned: dict[str, Any]) -> None:
        """Whether another account has this alias is told only to whoever knows this account's
        password: otherwise a stolen session would list the aliases in use."""
        alias = cleaned.get("alias")
        if alias and User.objects.filter(alias__iexact=alias).exclude(pk=self.user.pk).exists():
            self.add_error(
                "alias",
                forms.ValidationError(
                    _("Cet alias est déjà utilisé. Choisissez une autre adresse."),
                    code="alias_taken",
                ),
            )


class CodeForm(AccessibleFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code reçu par courriel"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class SecondFactorSetupForm(PasswordOnlyForm):
    code = forms.CharField(
        label=_("Code à 6 chiffres affiché par votre application"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class SecondFactorRemoveForm(PasswordOnlyForm):
    pass


class LanguageForm(AccessibleFormMixin, forms.Form):
    language = forms.ChoiceField(
        label=_("Langue"),
        choices=Language.choices,
        help_text=_(
            "Les courriels des services en ligne vous sont écrits dans cette langue, et le "
            "portail s'affiche dans cette langue à chaque connexion."
        ),
    )
