"""The *Aide* pages: one user guide per service (seeds 000 and 001: « Un guide de l'utilisateur
est disponible dans le menu Aide »), written in French and in English."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sel.core.languages import Language, language_current


@dataclass(frozen=True)
class HelpPage:
    slug: str
    title: str | Promise
    summary: str | Promise

    @property
    def template(self) -> str:
        language = "en" if language_current() == Language.ENGLISH else "fr"
        return f"notices/help/{language}/{self.slug}.html"


HELP_PAGES = [
    HelpPage(
        "login",
        _("Connexion, mot de passe et questions secrètes"),
        _(
            "Nom d'utilisateur IP ou CE, mot de passe temporaire, huit questions secrètes, "
            "mot de passe oublié."
        ),
    ),
    HelpPage(
        "access-requests",
        _("Demandes d'accès aux services en ligne"),
        _(
            "Qui remplit la demande, qui l'autorise, adresses électroniques, "
            "traitement par la Régie."
        ),
    ),
    HelpPage(
        "exception-drugs",
        _("Consulter les demandes de médicaments d'exception"),
        _(
            "Consulter les demandes par personne assurée : numéro d'assurance maladie, médicament, "
            "état de la demande."
        ),
    ),
    HelpPage(
        "messaging",
        _("Messagerie sécurisée"),
        _("Écrire à la Régie, joindre des documents, lire les réponses, archiver."),
    ),
    HelpPage(
        "b2b",
        _("Services B2B pour les développeurs de logiciels"),
        _(
            "Jeton OAuth 2.0, admissibilité, médecin de famille, inscription de la clientèle, "
            "SELAT : exemples curl et Python."
        ),
    ),
]


def help_page_by_slug(slug: str) -> HelpPage:
    for page in HELP_PAGES:
        if page.slug == slug:
            return page
    raise Http404
