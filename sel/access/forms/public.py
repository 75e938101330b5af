"""The online forms: section 1 and 2 with the user's signature, section 3 with the authorizer's
(seeds 001, 003, 004). Every rule is a function of ``sel.access.rules``."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sel.access import rules
from sel.access.models import (
    AccessRequest,
    FormFamily,
    FormType,
    Function,
    Grant,
    OnlineService,
)
from sel.core.forms import AccessibleFormMixin, ModelMultipleChoiceField
from sel.core.rules import show_rule_errors
from sel.core.storage import upload_must_be_kept

DATA_URL = re.compile(r"^data:image/(png|jpeg);base64,([A-Za-z0-9+/=\s]+)$")


def _refresh_after_customising(form: Any) -> None:
    """Describe the fields again (aria attributes) once they are fitted to the form type."""
    form._errors = None
    form._bound_fields_cache.clear()  # a field may have been replaced, not only adjusted
    for field in form.fields.values():
        field.widget.attrs.pop("aria-invalid", None)
        field.widget.attrs.pop("aria-describedby", None)
    form._describe_fields()


class SignatureFieldsMixin(forms.Form):
    """A signature drawn on the page (canvas → hidden field, sel/static/js/signature-pad.js) or,
    without JavaScript or by choice, an uploaded image of a handwritten signature."""

    signature_drawn = forms.CharField(required=False, widget=forms.HiddenInput)
    signature_image = forms.FileField(
        label=_("Signature"),
        required=False,
        help_text=_(
            "Signez dans le cadre avec la souris, un stylet ou le doigt, ou joignez l'image de "
            "votre signature manuscrite (PNG ou JPEG, 300 Ko au plus)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )

    signature: rules.SignatureInput | None = None

    def clean_signature_fields(self) -> None:
        drawn = self.cleaned_data.get("signature_drawn") or ""
        upload = self.cleaned_data.get("signature_image")
        try:
            if upload:
                upload_must_be_kept(upload)
                upload.seek(0)
                data = upload.read(rules.SIGNATURE_MAX_BYTES + 1)
                image, image_type = rules.signature_image_verified(data)
                self.signature = rules.SignatureInput(image, image_type, "image")
            else:
                match = DATA_URL.match(drawn.strip())
                data = b""
                if match:
                    try:
                        data = base64.b64decode(match.group(2), validate=False)
                    except (binascii.Error, ValueError):
                        data = b""
                image, image_type = rules.signature_image_verified(data)
                self.signature = rules.SignatureInput(image, image_type, "drawn")
        except ValidationError as error:
            self.add_error("signature_image", error)


Section = TypeVar("Section", rules.UserSection, rules.AuthorizerSection)


def _texts(form: forms.Form, names: Iterable[str]) -> dict[str, str]:
    """The text fields of a section as typed (blank for a field this form type leaves out)."""
    return {name: form.cleaned_data.get(name) or "" for name in names if name in form.fields}


def _section_checked(
    form: forms.Form,
    errors_of: Callable[[FormType, Section], tuple[Section, rules.FieldErrors]],
    section: Section,
) -> Section | None:
    """The section cleaned by the rules the services run, or None with each error on its field
    (what was typed stays in the form)."""
    checked, errors = errors_of(form.form_type, section)  # type: ignore[attr-defined]
    show_rule_errors(form, errors)
    return None if errors else checked


def _text(
    label: Any, *, required: bool = True, max_length: int = 100, **kwargs: Any
) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length, **kwargs)


def _phone(label: Any, *, required: bool = True, autocomplete: bool = False) -> forms.CharField:
    """A phone or fax number field (its format is the rules' to check); ``autocomplete`` offers
    the browser's own number (the user's section, filled on their own device)."""
    attrs = {"type": "tel", **({"autocomplete": "tel"} if autocomplete else {})}
    return _text(label, required=required, max_length=20, widget=forms.TextInput(attrs=attrs))


class UserSectionForm(AccessibleFormMixin, SignatureFieldsMixin):
    """Sections 1, 2 (and 5 for establishments) filled and signed by the user."""

    online_services = ModelMultipleChoiceField(
        label=_("Applications demandées"),
        queryset=OnlineService.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    scope = forms.ChoiceField(
        label=_("L'objet de la demande s'applique aux registres"),
        choices=AccessRequest.Scope.choices,
        widget=forms.RadioSelect,
    )
    establishment_numbers = forms.CharField(
        label=_("Section 5 – Numéros d'établissement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Un numéro de 5 chiffres par ligne (ou séparés par des virgules)."),
    )
    board_resolution = forms.BooleanField(
        label=_(
            "J'atteste avoir été désigné signataire autorisé par une résolution du conseil "
            "d'administration de l'établissement."
        ),
        required=False,
    )
    credentials = forms.ChoiceField(
        label=_("Identifiants demandés"),
        choices=AccessRequest.Credentials.choices,
        widget=forms.RadioSelect,
    )
    last_name = _text(_("Nom"))
    first_name = _text(_("Prénom"))
    sex = forms.ChoiceField(
        label=_("Sexe"), choices=AccessRequest.Sex.choices, widget=forms.RadioSelect
    )
    function = forms.ChoiceField(label=_("Fonction"), widget=forms.RadioSelect)
    existing_username = _text(
        _("Nom d'utilisateur actuel (si vous avez déjà accès à d'autres services en ligne)"),
        required=False,
        max_length=12,
    )
    organization_name = _text(_("Nom de la pharmacie ou de l'établissement"), max_length=200)
    organization_number = _text(_("Numéro de la pharmacie ou de l'établissement"), max_length=20)
    address = _text(_("Adresse de correspondance (lieu de travail)"), max_length=300)
    postal_code = _text(
        _("Code postal"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    phone = _phone(_("Téléphone (avec l'indicatif régional)"), autocomplete=True)
    phone_ext = _text(_("Poste"), required=False, max_length=6)
    fax = _phone(_("Télécopieur"), required=False)
    email = forms.EmailField(label=_("Votre adresse électronique"), max_length=254)
    authorizer_email = forms.EmailField(
        label=_("Adresse électronique de la personne qui autorise la demande"),
        max_length=254,
        help_text=_(
            "Elle recevra un lien pour remplir la section 3 et signer. Elle doit être différente "
            "de la vôtre."
        ),
    )
    commitment = forms.BooleanField(
        label=_(
            "Je m'engage à ne pas divulguer les éléments d'identification qui seront délivrés à "
            "mon nom et à ne les utiliser que pour les fins pour lesquelles ils seront délivrés."
        )
    )

    def __init__(
        self, *args: Any, form_type: FormType, fixed_authorizer: bool = False, **kwargs: Any
    ) -> None:
        self.form_type = form_type
        super().__init__(*args, **kwargs)
        online_services_field = self.fields["online_services"]
        assert isinstance(online_services_field, forms.ModelMultipleChoiceField)
        online_services_field.queryset = form_type.online_services.filter(is_active=True)
        online_service_pks = list(form_type.online_services.values_list("pk", flat=True))
        if len(online_service_pks) == 1:
            self.fields["online_services"].initial = online_service_pks
        if form_type.family == FormFamily.ESTABLISHMENT:
            # Seed 003: « Inscrivez le nom de la fonction que vous assumez (par exemple,
            # secrétaire administratif, coordonnateur du projet, directeur ou représentant
            # autorisé d'une grappe de services [OPTILAB]) »: free text, not a list.
            self.fields["function"] = _text(
                _("Fonction"),
                max_length=rules.USER_FUNCTION_MAX_LENGTH,
                help_text=_(
                    "Inscrivez le nom de la fonction que vous assumez (par exemple, secrétaire "
                    "administratif, coordonnateur du projet, directeur ou représentant autorisé "
                    "d'une grappe de services [OPTILAB])."
                ),
            )
        else:
            self.fields["function"].choices = [  # type: ignore[attr-defined]
                (code, label)
                for code, label in Function.choices
                if code in form_type.user_functions
            ]
        # Seed 001's section 2 asks only for « Nom de la pharmacie ou de l'établissement », no
        # number: optional there, the Régie's agent completes it
        # (rules.organization_number_required).
        self.fields["organization_number"].required = rules.organization_number_required(
            form_type.family
        )
        if form_type.family != FormFamily.ESTABLISHMENT:
            for name in ("scope", "establishment_numbers", "board_resolution"):
                del self.fields[name]
        else:
            self.fields["organization_name"].label = _(
                "Nom de l'établissement, de l'installation, de la grappe de services (OPTILAB), "
                "du GMF ou du point de service"
            )
            self.fields["organization_number"].label = _("Numéro de l'établissement")
        if form_type.family != FormFamily.B2B:
            del self.fields["credentials"]
        else:
            self.fields["organization_name"].label = _("Nom du développeur de logiciels")
            self.fields["organization_number"].label = _(
                "Numéro du développeur de logiciels (s'il y a lieu)"
            )
        if form_type.family == FormFamily.TECHNICAL_AIDS:
            self.fields["organization_name"].label = _(
                "Nom du dispensateur d'aides techniques (cabinet, laboratoire ou distributeur)"
            )
            self.fields["organization_number"].label = _("Numéro du dispensateur à la Régie")
            self.fields["organization_number"].help_text = _(
                "Le numéro que la Régie a attribué au dispensateur dont vous transmettrez les "
                "demandes (5 chiffres)."
            )
        if fixed_authorizer:
            self.fields["authorizer_email"].disabled = True
        _refresh_after_customising(self)

    user_section: rules.UserSection | None = None

    def clean(self) -> dict[str, Any]:
        """The seed's rules are ``rules.user_section_errors``, the ones the services run: each
        error is shown on its field, and what was typed stays in the form."""
        cleaned = super().clean() or {}
        self.clean_signature_fields()
        section = rules.UserSection(
            online_services=list(cleaned.get("online_services") or []),
            establishment_numbers=re.split(r"[\s,;]+", cleaned.get("establishment_numbers") or ""),
            board_resolution=bool(cleaned.get("board_resolution")),
            **_texts(self, rules.USER_SECTION_TEXT_FIELDS),
        )
        self.user_section = _section_checked(self, rules.user_section_errors, section)
        return cleaned

    @staticmethod
    def initial_from(access_request: AccessRequest) -> dict[str, Any]:
        r = access_request
        return {
            "online_services": list(r.online_services.values_list("pk", flat=True)),
            "scope": r.scope,
            "establishment_numbers": "\n".join(r.establishment_numbers),
            "board_resolution": r.board_resolution,
            "credentials": r.credentials,
            "last_name": r.user_last_name,
            "first_name": r.user_first_name,
            "sex": r.user_sex,
            "function": r.user_function,
            "existing_username": r.user_existing_username,
            "organization_name": r.organization_name,
            "organization_number": r.organization_number,
            "address": r.user_address,
            "postal_code": r.user_postal_code,
            "phone": r.user_phone,
            "phone_ext": r.user_phone_ext,
            "fax": r.user_fax,
            "email": r.user_email,
            "authorizer_email": r.auth_email,
        }

    @staticmethod
    def initial_for_renewal(grant: Grant) -> dict[str, Any]:
        """Issue #12 item 13: the renewal's sections 1–2 filled from the current grant (its
        request, then the account as it is today); the signature is the signer's to give again."""
        initial = UserSectionForm.initial_from(grant.access_request) if grant.access_request else {}
        user = grant.user
        initial.update(
            {
                "online_services": [grant.online_service.pk],
                "last_name": initial.get("last_name") or user.last_name,
                "first_name": initial.get("first_name") or user.first_name,
                "existing_username": user.username,
                "email": user.email,
                "authorizer_email": grant.authorizer_email or initial.get("authorizer_email", ""),
            }
        )
        return initial


class AuthorizerSectionForm(AccessibleFormMixin, SignatureFieldsMixin):
    """Section 3, filled and signed by the person who authorizes, from the emailed link."""

    auth_last_name = _text(_("Nom"))
    auth_first_name = _text(_("Prénom"))
    auth_sex = forms.ChoiceField(
        label=_("Sexe"), choices=AccessRequest.Sex.choices, widget=forms.RadioSelect
    )
    auth_function = forms.ChoiceField(label=_("Fonction"), widget=forms.RadioSelect)
    auth_practice_number = _text(_("Numéro de pratique"), required=False, max_length=12)
    auth_organization_name = _text(_("Nom de la pharmacie ou de l'établissement"), max_length=200)
    auth_address = _text(_("Adresse de correspondance (lieu de travail)"), max_length=300)
    auth_postal_code = _text(_("Code postal"), max_length=10)
    auth_phone = _phone(_("Téléphone (avec l'indicatif régional)"))
    auth_phone_ext = _text(_("Poste"), required=False, max_length=6)
    auth_fax = _phone(_("Télécopieur"), required=False)
    commitment = forms.BooleanField(
        label=_(
            "Je m'engage à ne pas divulguer les éléments d'identification délivrés au nom de "
            "l'utilisateur et à les lui transmettre en toute sécurité. J'autorise l'utilisateur "
            "à se servir des formulaires électroniques prévus pour les applications de la "
            "section 1."
        )
    )

    def __init__(self, *args: Any, form_type: FormType, **kwargs: Any) -> None:
        self.form_type = form_type
        super().__init__(*args, **kwargs)
        self.fields["auth_function"].choices = [  # type: ignore[attr-defined]
            (code, label)
            for code, label in Function.choices
            if code in form_type.authorizer_functions
        ]
        if form_type.family == FormFamily.B2B:
            del self.fields["auth_practice_number"]
            self.fields["auth_organization_name"].label = _("Nom du développeur de logiciels")
        if form_type.family == FormFamily.TECHNICAL_AIDS:
            self.fields["auth_organization_name"].label = _(
                "Nom du dispensateur d'aides techniques"
            )
            self.fields["auth_practice_number"].help_text = _(
                "Obligatoire pour le professionnel propriétaire du cabinet ou du laboratoire."
            )
        _refresh_after_customising(self)

    authorizer_section: rules.AuthorizerSection | None = None

    def clean(self) -> dict[str, Any]:
        """Section 3's rules are ``rules.authorizer_section_errors``, the ones the services run."""
        cleaned = super().clean() or {}
        self.clean_signature_fields()
        section = rules.AuthorizerSection(**_texts(self, rules.AUTHORIZER_SECTION_TEXT_FIELDS))
        self.authorizer_section = _section_checked(self, rules.authorizer_section_errors, section)
        return cleaned


class StatusForm(AccessibleFormMixin, forms.Form):
    """The public status page asks for both: the reference alone discloses nothing."""

    reference = forms.CharField(label=_("Numéro de référence"), max_length=20)
    email = forms.EmailField(
        label=_("Adresse électronique (de l'utilisateur ou de la personne qui autorise)")
    )

    def clean_reference(self) -> str:
        return str(self.cleaned_data["reference"]).strip().upper()
