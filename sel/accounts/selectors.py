from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.models import AuditEvent

# What the user sees for each security event of the account.
SECURITY_EVENT_LABELS: dict[str, Promise] = {
    Action.LOGIN_SUCCEEDED: _("Connexion"),
    Action.LOGIN_FAILED: _("Échec de connexion"),
    Action.LOGOUT: _("Déconnexion"),
    Action.LOGIN_THROTTLED: _("Connexions suspendues après plusieurs échecs"),
    Action.ACCOUNT_CREATED: _("Compte créé"),
    Action.ACCOUNT_LOCKED: _("Compte verrouillé"),
    Action.ACCOUNT_UNLOCKED: _("Compte déverrouillé par le Centre d'assistance"),
    Action.ACCOUNT_DISABLED: _("Compte désactivé"),
    Action.ACCOUNT_ENABLED: _("Compte réactivé"),
    Action.SESSIONS_ENDED: _("Toutes les sessions fermées"),
    Action.USERNAME_SENT: _("Nom d'utilisateur envoyé par courriel"),
    Action.TEMPORARY_PASSWORD_ISSUED: _("Mot de passe temporaire délivré"),
    Action.PASSWORD_CHANGED: _("Mot de passe changé"),
    Action.PASSWORD_EXPIRED: _("Mot de passe expiré"),
    Action.QUESTIONS_SET: _("Questions secrètes enregistrées"),
    Action.QUESTIONS_CLEARED: _("Questions secrètes effacées"),
    Action.RECOVERY_STARTED: _("Demande de mot de passe oublié"),
    Action.RECOVERY_CODE_FAILED: _("Code de récupération inexact"),
    Action.RECOVERY_FAILED: _("Réponses inexactes aux questions secrètes"),
    Action.RECOVERY_LOCKED: _("Mot de passe oublié bloqué 24 heures"),
    Action.RECOVERY_SUCCEEDED: _("Mot de passe oublié changé"),
    Action.ALIAS_REQUESTED: _("Code envoyé pour un nouvel alias"),
    Action.ALIAS_SET: _("Alias activé"),
    Action.ALIAS_REMOVED: _("Alias retiré"),
    Action.SECOND_FACTOR_ENABLED: _("Deuxième facteur activé"),
    Action.SECOND_FACTOR_DISABLED: _("Deuxième facteur retiré"),
    Action.SECOND_FACTOR_FAILED: _("Code du deuxième facteur inexact"),
    Action.CURRENT_PASSWORD_FAILED: _("Mot de passe actuel refusé dans les paramètres du compte"),
    Action.RECOVERY_CODE_USED: _("Code de récupération du deuxième facteur utilisé"),
}


@dataclass(frozen=True)
class SecurityEvent:
    occurred_at: datetime
    label: str
    client_address: str | None


def security_events_for(user: User, *, limit: int = 20) -> list[SecurityEvent]:
    """The account's recent security events (logins, failures, changes) with time and address."""
    rows = AuditEvent.objects.filter(
        target_type=user._meta.label_lower,
        target_id=str(user.pk),
        action__in=[str(action) for action in SECURITY_EVENT_LABELS],
    ).order_by("-occurred_at", "-pk")[:limit]
    return [
        SecurityEvent(
            occurred_at=row.occurred_at,
            label=str(SECURITY_EVENT_LABELS[Action(row.action)]),
            client_address=row.client_address,
        )
        for row in rows
    ]
