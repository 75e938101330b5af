"""The five seed documents, loaded as the first newsletters (in French) by migration 0002.

Their text lives in ``seed_newsletters/NNN.txt``, faithful to ``shared/seeds`` with only certain
OCR and extraction errors fixed (« I'accés » → « l'accès », « ramg » → « ramq », « DE8H30A » →
« DE 8 H 30 À », seed 002's contact table re-aligned into its two columns as seed 000 confirms).
Only seed 002 gives its date (2 juin 2015); the others keep an empty date and number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.utils import timezone

SEED_DIR = Path(__file__).resolve().parent / "seed_newsletters"


@dataclass(frozen=True)
class SeedNewsletter:
    file: str
    title: str
    audience: str
    number: str = ""
    issued_on: date | None = None

    @property
    def body(self) -> str:
        return (SEED_DIR / self.file).read_text(encoding="utf-8")


SEED_NEWSLETTERS = [
    SeedNewsletter(
        file="000.txt",
        title="Service en ligne Médicaments d'exception et Patient d'exception – "
        "Accès pour l'adjoint administratif",
        audience="other-professionals",
    ),
    SeedNewsletter(
        file="001.txt",
        title="Service en ligne Médicaments d'exception et Patient d'exception",
        audience="pharmacists",
    ),
    # Seed 001 names « l'infolettre 045 du 2 juin 2015 » and its subject, « la procédure en cas
    # d'oubli du mot de passe »: that is seed 002, dated 2 juin 2015, hence its number.
    SeedNewsletter(
        file="002.txt",
        title="Améliorations à l'authentification des utilisateurs des services en ligne",
        audience="all",
        number="045",
        issued_on=date(2015, 6, 2),
    ),
    SeedNewsletter(
        file="003.txt",
        title="Demande d'accès aux services en ligne – Établissements du réseau de la santé",
        audience="establishments",
    ),
    SeedNewsletter(
        file="004.txt",
        title="Accès aux services en ligne pour votre développeur de logiciels – "
        "Modification de notre procédure",
        audience="all",
    ),
]


def seed_newsletters_load(newsletter_model: Any) -> None:
    """Idempotent: creates or refreshes the five seed newsletters, published."""
    now = timezone.now()
    for seed in SEED_NEWSLETTERS:
        newsletter_model.objects.update_or_create(
            title_fr=seed.title,
            defaults={
                "number": seed.number,
                "issued_on": seed.issued_on,
                "audience": seed.audience,
                "body_fr": seed.body,
                "updated_at": now,
            },
            create_defaults={
                "number": seed.number,
                "issued_on": seed.issued_on,
                "audience": seed.audience,
                "body_fr": seed.body,
                "published_at": now,
                "created_at": now,
                "updated_at": now,
            },
        )
