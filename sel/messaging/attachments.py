"""Attachments of the secure messaging: the shared upload check (``sel.core.uploads``: PDF, PNG or
JPEG decided by content, images decoded in full by Pillow) with this app's size limit, and each
person's storage quota."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from sel.core.uploads import CheckedUpload
from sel.messaging.models import Attachment

__all__ = [
    "CheckedUpload",
    "attachment_max_bytes",
    "attachments_within_storage_quota",
    "storage_quota_bytes",
]


def attachment_max_bytes() -> int:
    """Seed 002: « Capacité illimitée »: no limit on the number of messages or of attachments;
    each single attachment has a size limit (MESSAGING_ATTACHMENT_MAX_MB)."""
    return int(settings.MESSAGING_ATTACHMENT_MAX_MB) * 1024 * 1024


def storage_quota_bytes() -> int:
    """What one person's attachments may occupy in all (MESSAGING_STORAGE_QUOTA_MB; 0: no quota)."""
    return int(settings.MESSAGING_STORAGE_QUOTA_MB) * 1024 * 1024


def attachments_stored_by(user: Any) -> int:
    """Bytes of the attachments ``user`` has sent as a professional (the quota's measure)."""
    stored = Attachment.objects.filter(message__sender=user, message__from_regie=False).aggregate(
        total=Sum("size")
    )["total"]
    return int(stored or 0)


def attachments_within_storage_quota(
    *, sender: Any, files: Sequence[CheckedUpload], from_regie: bool
) -> None:
    """Seed 002: « Capacité illimitée », read as the messaging's promise: no limit on the number
    of messages, which are never deleted, and a message without attachments is always accepted.
    What the seed does not promise is unlimited disk to one account: without a quota, a single
    stolen account (or a script behind it) could fill the server's disk with files of the allowed
    size, stopping the service for everyone. So each professional's attachments, summed over every
    message they sent, stay within MESSAGING_STORAGE_QUOTA_MB (0 restores no quota). The Régie's
    answers are not counted: its agents must always be able to answer.

    The caller holds a lock on the sender's row (``select_for_update``), so that two uploads at
    once cannot both pass the check."""
    quota = storage_quota_bytes()
    incoming = sum(checked.size for checked in files)
    if from_regie or not quota or not incoming:
        return
    stored = attachments_stored_by(sender)
    if stored + incoming > quota:
        raise ValidationError(
            _(
                "Votre espace de stockage de pièces jointes ne suffit pas : vos pièces jointes "
                "envoyées occupent %(stored)s sur %(quota)s, et celles-ci pèsent %(incoming)s. "
                "Votre message n'est pas envoyé. Envoyez-le sans pièce jointe (le nombre de "
                "messages n'est pas limité) ou communiquez avec le Centre d'assistance aux "
                "professionnels."
            )
            % {
                "stored": filesizeformat(stored),
                "quota": filesizeformat(quota),
                "incoming": filesizeformat(incoming),
            },
            code="storage_quota",
        )
