from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sel.core.forms import AccessibleFormMixin
from sel.core.uploads import UPLOAD_ACCEPT, upload_check, uploads_of
from sel.exception_drugs.identity import Identity
from sel.exception_drugs.models import Drug, Indication, RequestKind, Sex
from sel.exception_drugs.nam import NamField, nam_agrees_with_identity
from sel.exception_drugs.selectors import drugs_matching

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5


class DrugField(forms.CharField):
    """A drug typed by DIN or by name; several matches ask the user to give the DIN."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Médicament (DIN ou nom)"))
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Drug:
        text = super().clean(value)
        matches = drugs_matching(text, limit=6)
        if not matches:
            raise ValidationError(
                _("Aucun médicament ne correspond à « %(text)s »."),
                code="drug_unknown",
                params={"text": text},
            )
        if len(matches) > 1:
            exact = [drug for drug in matches if drug.name.casefold() == text.casefold()]
            if len(exact) == 1:
                return exact[0]
            raise ValidationError(
                _("Plusieurs médicaments correspondent; précisez le DIN : %(choices)s"),
                code="drug_ambiguous",
                params={"choices": "; ".join(str(drug) for drug in matches[:5])},
            )
        return matches[0]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Pièces jointes"))
        kwargs.setdefault(
            "help_text", _("PDF, PNG ou JPEG, 10 Mo au plus par fichier, 5 fichiers au plus.")
        )
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = UPLOAD_ACCEPT

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = uploads_of(data)
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(_("5 fichiers au plus."), code="too_many")
        errors: list[ValidationError] = []
        for upload in files:
            try:
                # PDF, PNG or JPEG by content; sets ``upload.content_type``, which the service
                # stores (sel.core.uploads).
                upload_check(upload, max_bytes=MAX_ATTACHMENT_BYTES)
            except ValidationError as exc:
                errors.append(exc)
        if errors:
            raise ValidationError(errors)
        return list(files)


class ConsultForm(AccessibleFormMixin, forms.Form):
    """Seed 001: « l'état de la demande d'autorisation selon le médicament et le numéro
    d'assurance maladie fournis »: both are required."""

    nam = NamField()
    drug = DrugField()


class PersonFieldsMixin(forms.Form):
    nam = NamField()
    last_name = forms.CharField(
        label=_("Nom de la personne assurée"), max_length=100, required=False
    )
    first_name = forms.CharField(label=_("Prénom"), max_length=100, required=False)
    birth_date = forms.DateField(
        label=_("Date de naissance"),
        required=False,
        help_text=_("AAAA-MM-JJ"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sex = forms.ChoiceField(label=_("Sexe"), choices=[("", "—"), *Sex.choices], required=False)

    def identity(self) -> Identity:
        """The identity typed with the NAM (every part optional)."""
        data = self.cleaned_data
        return Identity(
            last_name=data["last_name"].strip(),
            first_name=data["first_name"].strip(),
            birth_date=data["birth_date"],
            sex=data["sex"],
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "nam" in data:
            try:
                nam_agrees_with_identity(
                    data["nam"],
                    last_name=data.get("last_name") or "",
                    first_name=data.get("first_name") or "",
                    birth_date=data.get("birth_date"),
                    sex=data.get("sex") or "",
                )
            except ValidationError as exc:
                self.add_error("nam", exc)
        return data


class RequestFieldsMixin(PersonFieldsMixin):
    kind = forms.ChoiceField(
        label=_("Type de demande"), choices=RequestKind.choices, widget=forms.RadioSelect
    )
    drug = DrugField()
    indication_code = forms.CharField(
        label=_("Code d'indication reconnue"), max_length=20, required=False
    )
    justification = forms.CharField(
        label=_("Justification"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Obligatoire sans indication reconnue et pour la mesure du patient d'exception."
        ),
    )
    pharmacy = forms.CharField(label=_("Pharmacie (s'il y a lieu)"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        drug = data.get("drug")
        code = (data.get("indication_code") or "").strip().upper()
        data["indication"] = None
        if code and isinstance(drug, Drug):
            indication = Indication.objects.filter(drug=drug, code__iexact=code).first()
            if indication is None:
                self.add_error(
                    "indication_code",
                    ValidationError(
                        _("Ce code d'indication n'est pas reconnu pour ce médicament.")
                    ),
                )
            data["indication"] = indication
        justification = (data.get("justification") or "").strip()
        kind = data.get("kind")
        if kind == RequestKind.EXCEPTIONAL_PATIENT and not justification:
            self.add_error(
                "justification",
                ValidationError(_("La mesure du patient d'exception demande une justification.")),
            )
        elif kind == RequestKind.EXCEPTION_DRUG and not code and not justification:
            self.add_error(
                "justification",
                ValidationError(_("Indiquez une indication reconnue ou une justification.")),
            )
        return data

    def request_arguments(self) -> dict[str, Any]:
        """What an online request and a recorded paper one both state, by the names of the
        services' arguments (``exception_request_submit``, ``exception_request_record``)."""
        data = self.cleaned_data
        return {
            "nam": data["nam"],
            "identity": self.identity(),
            "drug": data["drug"],
            "kind": data["kind"],
            "indication": data["indication"],
            "justification": data["justification"],
            "pharmacy": data["pharmacy"],
        }


class SubmitForm(AccessibleFormMixin, RequestFieldsMixin):
    attachments = AttachmentsField()


class AnswerForm(AccessibleFormMixin, forms.Form):
    answer = forms.CharField(label=_("Votre réponse"), widget=forms.Textarea(attrs={"rows": 6}))
    attachments = AttachmentsField()


class DelegationForm(AccessibleFormMixin, forms.Form):
    assistant_username = forms.CharField(
        label=_("Nom d'utilisateur de l'adjoint administratif"), max_length=12
    )
    ends_on = forms.DateField(
        label=_("Jusqu'au (facultatif)"),
        required=False,
        help_text=_("AAAA-MM-JJ"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
