"""The teams of the Régie that answer, and the subjects a professional chooses from (seed 002:
« Objet du message spécifique au contenu »). Loaded by migration 0002."""

from __future__ import annotations

from typing import Any

TEAMS = [
    ("services-en-ligne", "Soutien aux services en ligne", "Online services support"),
    ("medicaments-exception", "Médicaments d'exception", "Exception drugs"),
    ("facturation", "Facturation", "Billing"),
    (
        "centre-assistance",
        "Centre d'assistance aux professionnels",
        "Professionals' Support Centre",
    ),
]

SUBJECTS = [
    (
        "online-services-access",
        "Accès aux services en ligne",
        "Access to the online services",
        "services-en-ligne",
    ),
    (
        "account",
        "Compte, mot de passe et questions secrètes",
        "Account, password and secret questions",
        "services-en-ligne",
    ),
    (
        "exception-drug-request",
        "Demande de médicament d'exception ou de patient d'exception",
        "Exception drug or exceptional patient request",
        "medicaments-exception",
    ),
    ("billing", "Facturation", "Billing", "facturation"),
    ("other", "Autre question", "Other question", "centre-assistance"),
]


def messaging_catalogue_load(team_model: Any, subject_model: Any) -> None:
    """Idempotent: creates or refreshes the teams and the subjects."""
    teams = {}
    for code, name_fr, name_en in TEAMS:
        teams[code], _ = team_model.objects.update_or_create(
            code=code, defaults={"name_fr": name_fr, "name_en": name_en}
        )
    for position, (code, name_fr, name_en, team) in enumerate(SUBJECTS):
        subject_model.objects.update_or_create(
            code=code,
            defaults={
                "name_fr": name_fr,
                "name_en": name_en,
                "team": teams[team],
                "position": position,
            },
        )
