"""The catalogue of professions the Régie registers with a PIN (seed 002 §4), each with its
account role and the services registration opens (ours, issue #12: a prescriber or a
pharmacist gets the exception-drugs service; the others what the catalogue says, changed by the
Régie's agents). Loaded by migration 0007."""

from __future__ import annotations

from typing import Any

PROFESSIONS = [
    # Ours (issue #14): the modes of remuneration of an establishment (hourly, sessional, per
    # diem, fixed fees) are physicians' modes, so their registration opens the payment requests.
    ("medecin", "Médecin", "Physician", "prescriber", ["exception-drugs", "payment-requests"]),
    ("pharmacien", "Pharmacien", "Pharmacist", "pharmacist", ["exception-drugs"]),
    ("dentiste", "Dentiste", "Dentist", "prescriber", ["exception-drugs"]),
    (
        "infirmiere-praticienne",
        "Infirmière praticienne spécialisée",
        "Specialized nurse practitioner",
        "prescriber",
        ["exception-drugs"],
    ),
    ("sage-femme", "Sage-femme", "Midwife", "prescriber", ["exception-drugs"]),
    ("optometriste", "Optométriste", "Optometrist", "prescriber", ["exception-drugs"]),
    ("audioprothesiste", "Audioprothésiste", "Hearing aid acoustician", "professional", []),
    ("denturologiste", "Denturologiste", "Denturist", "professional", []),
]


def profession_catalogue_load(profession_model: Any) -> None:
    """Idempotent: creates the professions missing; keeps what agents changed on the others."""
    for position, (code, name_fr, name_en, role, services) in enumerate(PROFESSIONS):
        profession_model.objects.get_or_create(
            code=code,
            defaults={
                "name_fr": name_fr,
                "name_en": name_en,
                "role": role,
                "registration_services": services,
                "position": position,
            },
        )
