"""Password rules beyond Django's validators: at most 128 characters (never truncated), context
words, the last 5 passwords, temporary passwords and expiry."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from sel.accounts.models import User

PASSWORD_MAX_LENGTH = 128
PASSWORD_HISTORY_SIZE = 5
# Unambiguous lower-case letters and digits, in groups of 4: easy to read out and to type.
TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CONTEXT_WORDS = ("ramq", "regie", "régie", "motdepasse", "password")


def temporary_password_generate() -> str:
    """4 groups of 4 characters from a CSPRNG (about 79 bits), e.g. ``k7pm-x3qa-9rtv-w2hd``."""
    groups = ["".join(secrets.choice(TEMPORARY_ALPHABET) for _ in range(4)) for _ in range(4)]
    return "-".join(groups)


class MaximumLengthValidator:
    """At most 128 characters; longer is refused, never truncated."""

    def validate(self, password: str, user: User | None = None) -> None:
        if len(password) > PASSWORD_MAX_LENGTH:
            raise ValidationError(
                _("Le mot de passe doit compter au plus %(max)d caractères.")
                % {"max": PASSWORD_MAX_LENGTH},
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return _("Au plus %(max)d caractères.") % {"max": PASSWORD_MAX_LENGTH}


class ContextWordsValidator:
    """The password may not be built on the portal's own words (ramq, régie...) or on the user's
    usernames, which an attacker tries first."""

    def validate(self, password: str, user: User | None = None) -> None:
        lowered = password.casefold().replace(" ", "").replace("-", "")
        words = list(CONTEXT_WORDS)
        if user is not None:
            words += [
                str(getattr(user, name, "") or "").casefold()
                for name in ("username", "alias", "first_name", "last_name")
            ]
        for word in words:
            if len(word) >= 3 and word in lowered and len(lowered.replace(word, "")) < 12:
                raise ValidationError(
                    _(
                        "Le mot de passe ressemble trop à %(word)s. "
                        "Choisissez une phrase plus longue."
                    )
                    % {"word": word},
                    code="password_context_word",
                )

    def get_help_text(self) -> str:
        return _("Il ne doit pas reprendre votre nom d'utilisateur ni le nom de la Régie.")


class PasswordHistoryValidator:
    """The last 5 passwords (the current one included) cannot be reused."""

    def validate(self, password: str, user: User | None = None) -> None:
        if user is None or user.pk is None:
            return
        hashes = [user.password] if user.password else []
        hashes += list(
            user.password_history.values_list("password_hash", flat=True)[
                : PASSWORD_HISTORY_SIZE - 1
            ]
        )
        if any(check_password(password, encoded) for encoded in hashes if encoded):
            raise ValidationError(
                _("Vous avez déjà utilisé ce mot de passe récemment. Choisissez-en un nouveau."),
                code="password_reused",
            )

    def get_help_text(self) -> str:
        return _("Il doit différer de vos 5 derniers mots de passe.")


def password_expires_at(user: User) -> datetime | None:
    """Seed 002 says a password can expire (« Si votre mot de passe est expiré lors de votre
    prochaine connexion ») but gives no period: PASSWORD_MAX_AGE_DAYS (180 by default, 0 turns
    expiry off) is ours."""
    days = settings.PASSWORD_MAX_AGE_DAYS
    if days <= 0 or user.password_changed_at is None:
        return None
    return user.password_changed_at + timedelta(days=days)


def password_is_expired(user: User) -> bool:
    """Seed 002: « Si votre mot de passe est expiré lors de votre prochaine connexion aux services
    en ligne, vous serez automatiquement dirigé vers la page Questions secrètes »."""
    expires = password_expires_at(user)
    return expires is not None and expires <= timezone.now()
