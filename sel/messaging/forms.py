from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from sel.accounts.models import User
from sel.core.forms import AccessibleFormMixin
from sel.core.uploads import UPLOAD_ACCEPT, CheckedUpload, upload_check, uploads_of
from sel.messaging.attachments import attachment_max_bytes, storage_quota_bytes
from sel.messaging.models import Subject
from sel.messaging.selectors import prescribers_assisted_by

BODY_MAX_LENGTH = 50_000


def attachments_help() -> str:
    limit = filesizeformat(attachment_max_bytes())
    if not storage_quota_bytes():
        return str(
            _("PDF, PNG ou JPEG, %(limit)s au plus par fichier, autant de fichiers que nécessaire.")
            % {"limit": limit}
        )
    return str(
        _(
            "PDF, PNG ou JPEG, %(limit)s au plus par fichier, autant de fichiers que nécessaire "
            "tant que l'ensemble de vos pièces jointes envoyées ne dépasse pas %(quota)s."
        )
        % {"limit": limit, "quota": filesizeformat(storage_quota_bytes())}
    )


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Any number of files (seed 002: « Capacité illimitée »), each checked by its content; the
    sender's storage quota is the services' check (sel/messaging/attachments.py)."""

    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", lazy(attachments_help, str)())
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = UPLOAD_ACCEPT

    def clean(self, data: Any, initial: Any = None) -> list[CheckedUpload]:
        uploads: list[UploadedFile] = uploads_of(data)
        checked: list[CheckedUpload] = []
        errors: list[ValidationError] = []
        for upload in uploads:
            try:
                checked.append(upload_check(upload, max_bytes=attachment_max_bytes()))
            except ValidationError as error:
                errors.append(error)
        if errors:
            errors.append(
                ValidationError(
                    _("Pour votre sécurité, choisissez de nouveau les fichiers à joindre."),
                    code="reselect",
                )
            )
            raise ValidationError(errors)
        return checked


class PrescriberChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.get_full_name()} ({obj.username})"


class ComposeForm(AccessibleFormMixin, forms.Form):
    subject = forms.ModelChoiceField(
        label=_("Objet"),
        queryset=Subject.objects.filter(is_active=True),
        empty_label=_("Choisissez l'objet qui correspond au contenu"),
        help_text=_("L'objet dirige votre message vers l'équipe qui le traitera."),
    )
    on_behalf_of = PrescriberChoiceField(
        label=_("Pour le compte du prescripteur"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Personne (j'écris en mon nom)"),
        help_text=_("Ce prescripteur pourra lire l'échange."),
    )
    title = forms.CharField(label=_("Titre"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea, max_length=BODY_MAX_LENGTH)
    attachments = AttachmentsField(label=_("Pièces jointes"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        prescribers = prescribers_assisted_by(user)
        if prescribers.exists():
            field = self.fields["on_behalf_of"]
            assert isinstance(field, PrescriberChoiceField)
            field.queryset = prescribers
        else:
            del self.fields["on_behalf_of"]


class ReplyForm(AccessibleFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Votre réponse"), widget=forms.Textarea, max_length=BODY_MAX_LENGTH
    )
    attachments = AttachmentsField(label=_("Pièces jointes"))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Rechercher dans mes messages"), required=False, max_length=200)
