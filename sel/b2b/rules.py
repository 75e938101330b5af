"""Rules of the B2B services. Form 4058's one-physician rule and the others come from issue #15
(none is in the seeds, which only name the four services): each says « our rule »."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sel.exception_drugs.nam import nam_normalise, nam_parse


def name_key(value: str) -> str:
    """Our rule: names compare without regard to case, accents, hyphens or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(letters.replace("-", " ").replace("'", " ").split())


def nam_errors(nam: str) -> tuple[str, list[ValidationError]]:
    """The NAM normalised, and what is wrong with it (its structure, sel.exception_drugs.nam)."""
    try:
        nam_parse(nam)
    except ValidationError as error:
        return nam_normalise(nam), [error]
    return nam_normalise(nam), []


def consent_date_must_not_be_future(consent_date: date, today: date) -> list[ValidationError]:
    """Our rule (form 4058): a registration's consent was given, so its date is not after today."""
    if consent_date > today:
        return [
            ValidationError(
                _("La date du consentement ne peut pas être postérieure à aujourd'hui."),
                code="consent_future",
            )
        ]
    return []


def one_family_physician_at_a_time() -> str:
    """Issue #15 (form 4058), our rule: « one family physician at a time per person; a
    registration moved to another physician ends the old one, which that physician's next list
    shows ». Enforced by the ``b2b_one_family_physician`` constraint and by
    ``registration_create``, which ends the open registration before it opens the new one."""
    return "b2b_one_family_physician"


def practice_must_be_linked(practice_number: str, linked: frozenset[str]) -> bool:
    """Issue #15 (form 4058), our rule: « only the physician's own software (a client acting for
    that practice number, which must be linked to it) may act »."""
    return practice_number in linked


def claim_errors(*, service_date: date, amount: Decimal, today: date) -> dict[str, list[Any]]:
    """Our rules (form 4134): an aid is claimed once given (date not after today), for a
    positive amount."""
    errors: dict[str, list[Any]] = {}
    if service_date > today:
        errors["service_date"] = [
            ValidationError(
                _("La date de l'aide ne peut pas être postérieure à aujourd'hui."),
                code="service_date_future",
            )
        ]
    if amount <= 0:
        errors["amount"] = [
            ValidationError(_("Le montant doit être supérieur à 0 $."), code="amount_positive")
        ]
    return errors


class Refusal(Exception):
    """A call refused for what the caller may not know or do; ``kind`` decides the answer
    (``not_found`` 404, ``forbidden`` 403, ``conflict`` 409) and ``message`` is translatable."""

    def __init__(self, kind: str, message: Any) -> None:
        super().__init__(kind)
        self.kind = kind
        self.message = message


NAM_UNKNOWN = _("Aucune personne assurée ne correspond à ce numéro d'assurance maladie.")
PHYSICIAN_UNKNOWN = _("Aucun médecin ne correspond à ce numéro de pratique.")
PRACTICE_NOT_LINKED = _(
    "Ce client n'agit pas pour ce numéro de pratique : seul le logiciel du médecin, lié à son "
    "numéro de pratique par la Régie, peut inscrire sa clientèle ou la consulter."
)
REGISTRATION_UNKNOWN = _("Aucune inscription de ce médecin ne correspond à cet identifiant.")
CLAIM_UNKNOWN = _("Aucune réclamation de ce client ne correspond à cet identifiant.")


def aid_unknown_error() -> ValidationError:
    return ValidationError(
        _("Aucune aide technique ne correspond à cette catégorie et à ce code."),
        code="aid_unknown",
    )


REFUSAL_REASON_MAX = 1000


def refusal_reason_errors(*, reason_fr: str, reason_en: str) -> dict[str, list[Any]]:
    """Issue #15, our rule (form 4134): a refused claim says why, in French and in English, as
    every other text of the API does; the vendor's status call returns both."""
    errors: dict[str, list[Any]] = {}
    for field, value, missing in (
        ("reason_fr", reason_fr, _("Indiquez le motif du refus en français.")),
        ("reason_en", reason_en, _("Indiquez le motif du refus en anglais.")),
    ):
        if not value.strip():
            errors[field] = [ValidationError(missing, code="reason_required")]
        elif len(value.strip()) > REFUSAL_REASON_MAX:
            errors[field] = [
                ValidationError(
                    _("Le motif compte au plus %(max)s caractères.") % {"max": REFUSAL_REASON_MAX},
                    code="reason_too_long",
                )
            ]
    return errors


# --- payment requests sent by software (issue #14) ----------------------------------------------


class InBoth:
    """A message already written in French and in English (the establishments' rules format
    theirs when called): ``str()`` gives the one of the active language, so that the API's
    problem details can carry both."""

    def __init__(self, french: str, english: str) -> None:
        self.french, self.english = french, english

    def __str__(self) -> str:
        from django.utils import translation

        return self.english if translation.get_language() == "en" else self.french


INSTALLATION_NOT_AUTHORIZED = _(
    "Ce client n'est pas autorisé à transmettre des demandes de paiement pour cette "
    "installation : l'établissement l'autorise dans le portail (« Logiciels autorisés à "
    "transmettre vos demandes de paiement »)."
)
NO_INSTALLATION_CHOSEN = _("Cochez au moins une installation.")
AUTHORIZATION_ALREADY_ENDED = _("Cette autorisation a déjà pris fin.")
PAYMENT_REQUEST_UNKNOWN = _("Aucune demande de paiement de ce client ne porte ce numéro.")


def installation_must_be_authorized_for_client(*, authorized: bool) -> bool:
    """Issue #14, our rule: « A client may submit only for installations an establishment
    authorized it for » (and reads the status of its requests only while it still is): an
    unknown installation answers the same, so that a client learns no installation's number."""
    return authorized


def professional_must_be_known(*, found: bool) -> dict[str, list[Any]]:
    """Issue #14, our rule: the practice number names a professional of the portal."""
    if found:
        return {}
    return {
        "practice_number": [
            ValidationError(
                _("Aucun professionnel ne porte ce numéro de pratique. Vérifiez-le."),
                code="professional_unknown",
            )
        ]
    }


def professional_must_be_associated(*, associated: bool) -> dict[str, list[Any]]:
    """Issue #14, our rule: software submits only for a professional whom an association in
    force names at that installation (a portal request would wait « soumise » without one; a
    software's is refused, so that the vendor knows at once)."""
    if associated:
        return {}
    return {
        "practice_number": [
            ValidationError(
                _(
                    "Ce professionnel n'a pas d'association en vigueur à cette installation : "
                    "l'établissement doit d'abord l'associer à un signataire autorisé."
                ),
                code="not_associated",
            )
        ]
    }


def software_authorization_errors(
    *,
    client_found: bool,
    revoked: bool,
    training: bool,
    has_scope: bool,
    already_authorized: list[str],
) -> dict[str, list[Any]]:
    """Issue #14, our rules for an establishment's authorization of a vendor's client: the
    client id names a production client, not revoked, whose grants open the B2B service
    « Demandes de paiement », not already authorized for the installations chosen."""
    if not client_found or revoked:
        message = _("Aucun client B2B en vigueur ne porte cet identifiant. Vérifiez-le.")
        code = "client_unknown"
    elif training:
        message = _(
            "Ce client est un client de formation (bac à sable) : il ne transmet aucune demande "
            "réelle. Inscrivez l'identifiant du client de production."
        )
        code = "client_training"
    elif not has_scope:
        message = _(
            "Ce client n'a pas accès au service B2B « Demandes de paiement » : le développeur "
            "doit d'abord le demander à la Régie."
        )
        code = "client_without_scope"
    elif already_authorized:
        message = _("Ce logiciel est déjà autorisé pour : %(numbers)s.") % {  # type: ignore[assignment]
            "numbers": ", ".join(already_authorized)
        }
        code = "already_authorized"
    else:
        return {}
    return {"client_id": [ValidationError(message, code=code)]}
