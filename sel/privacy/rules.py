"""The rule of an insured person's request for access to their personal information (Law 25),
answered by the Régie's privacy office: the requester's identity must agree with the NAM and with
every register that knows that NAM."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sel.exception_drugs.nam import nam_agrees_with_identity

IDENTITY_FIELDS = ("last_name", "first_name", "birth_date")
# nam_agrees_with_identity's codes, by the field each one is about.
NAM_CODES = {
    "nam_surname": "last_name",
    "nam_first_name": "first_name",
    "nam_birth_date": "birth_date",
}


@dataclass(frozen=True)
class InsuredPersonRequest:
    """What the agent typed from the request: whose NAM, the requester's identity, and the
    request's reference and date of receipt (the form's field names)."""

    nam: str
    last_name: str
    first_name: str
    birth_date: date
    reference: str
    received_on: date

    def audit_details(self) -> dict[str, Any]:
        return {"reference": self.reference, "received_on": self.received_on.isoformat()}


def _field_names(fields: list[str]) -> str:
    labels = {
        "last_name": _("nom de famille"),
        "first_name": _("prénom"),
        "birth_date": _("date de naissance"),
    }
    return ", ".join(labels[name] for name in IDENTITY_FIELDS if name in fields)


def requester_identity_must_agree(
    asked: InsuredPersonRequest, registers: list[dict[str, Any]]
) -> tuple[list[str], dict[str, list[ValidationError]]]:
    """Our rule (issue #15, the lead's decision): the list of a NAM's reads goes only to the
    person it is about. The name and birth date the requester proved must agree with the NAM's
    own letters and digits, and with each register that knows the NAM (``registers``: each
    app's ``insured_person_identity``). Returns what was checked, in words for the agent, and
    the errors by field (empty: the identity agrees)."""
    errors: dict[str, list[ValidationError]] = {}
    try:
        nam_agrees_with_identity(
            asked.nam,
            last_name=asked.last_name,
            first_name=asked.first_name,
            birth_date=asked.birth_date,
        )
    except ValidationError as error:
        for problem in error.error_list:
            errors.setdefault(NAM_CODES.get(problem.code or "", "nam"), []).append(problem)
    checked = [
        _(
            "Numéro d'assurance maladie : ses 3 lettres du nom, l'initiale du prénom et la date de "
            "naissance qu'il contient concordent avec l'identité saisie."
        )
    ]
    for register in registers:
        compared, disagreeing = register["compared"], register["disagreeing"]
        if not compared:
            checked.append(
                _("%(register)s : aucune identité pour ce numéro, rien n'a été comparé.")
                % {"register": register["register"]}
            )
            continue
        checked.append(
            _("%(register)s : %(fields)s comparés, concordent.")
            % {"register": register["register"], "fields": _field_names(compared)}
        )
        for name in disagreeing:
            errors.setdefault(name, []).append(
                ValidationError(
                    _("Ne concorde pas avec le registre : %(register)s.")
                    % {"register": register["register"]},
                    code="register_disagrees",
                )
            )
    return checked, errors
