"""What the B2B API accepts and answers (its OpenAPI schemas): the forms of the vendors'
software. Unknown fields are refused (SECURITY.md #30) and answers carry only the listed fields."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import ConfigDict, field_validator

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The NAM's structure (sel.exception_drugs.nam): 4 letters, the birth year, month (+50 for a
# woman) and day (a 29 February only in a year the NAM may be a leap year), 2 digits. The
# service also answers, for a NAM outside this pattern, what exactly is wrong with it.
NAM_PATTERN = (
    r"^[A-Za-z]{4}(?:"
    r"[0-9]{2}(?:0[13578]|1[02]|5[13578]|6[02])(?:0[1-9]|[12][0-9]|3[01])"
    r"|[0-9]{2}(?:0[469]|11|5[469]|61)(?:0[1-9]|[12][0-9]|30)"
    r"|[0-9]{2}(?:02|52)(?:0[1-9]|1[0-9]|2[0-8])"
    r"|(?:[02468][048]|[13579][26])(?:02|52)29"
    r")[0-9]{2}$"
)


class Strict(Schema):
    """Unknown fields refused; a date only as « AAAA-MM-JJ » (no number, no time)."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _dates_as_iso_text(cls, value: object, info: object) -> object:
        name = getattr(info, "field_name", "")
        annotation = str(cls.model_fields[name].annotation) if name in cls.model_fields else ""
        if (
            "date" in annotation
            and value is not None
            and (not isinstance(value, str) or not ISO_DATE.fullmatch(value))
        ):
            raise ValueError("date_format")
        return value


Nam = Field(
    ...,
    min_length=12,
    max_length=12,
    pattern=NAM_PATTERN,
    description="NAM : 4 lettres et 8 chiffres, sans espace",
)
PracticeNumber = Field(..., min_length=1, max_length=10, pattern=r"^[0-9]{1,10}$")


class FieldError(Schema):
    field: str
    detail_fr: str
    detail_en: str


class Problem(Schema):
    """RFC 9457 problem details, with the detail in French and in English."""

    type: str
    title: str
    status: int
    detail: str
    detail_fr: str
    detail_en: str
    errors: list[FieldError] | None = None


class Ping(Schema):
    client_id: str
    environment: str
    scopes: list[str]


# --- 4123 eligibility ----------------------------------------------------------------------------


class EligibilityIn(Strict):
    nam: str = Nam
    service_date: date
    last_name: str | None = Field(None, max_length=100)
    first_name: str | None = Field(None, max_length=100)
    birth_date: date | None = None


class CoverageOut(Schema):
    covered: bool
    ends_on: date | None = Field(None, description="Fin de la couverture (vide : sans fin)")


class EligibilityOut(Schema):
    service_date: date
    health_insurance: CoverageOut
    prescription_drug_insurance: CoverageOut
    identity_matches: bool | None = Field(
        None, description="Le nom et la date de naissance donnés concordent (vide : non donnés)"
    )


# --- 4444 family doctor --------------------------------------------------------------------------


class FamilyDoctorIn(Strict):
    nam: str = Nam


class PhysicianOut(Schema):
    last_name: str
    first_name: str
    practice_number: str
    clinic_name: str
    is_gmf: bool


class FamilyDoctorOut(Schema):
    family_physician: PhysicianOut | None
    summary_fr: str
    summary_en: str


# --- 4058 clientele registration -----------------------------------------------------------------


class RegistrationIn(Strict):
    practice_number: str = PracticeNumber
    nam: str = Nam
    consent_date: date


class RegistrationEndIn(Strict):
    practice_number: str = PracticeNumber


class RegistrationOut(Schema):
    id: UUID
    nam: str
    consent_date: date
    registered_at: datetime
    ended_on: date | None
    end_reason: Literal["", "ended", "moved"]


class RegistrationPage(Schema):
    items: list[RegistrationOut]
    next_cursor: str | None = Field(None, description="À repasser en « cursor » pour la suite")


# --- 4134 SELAT ----------------------------------------------------------------------------------


class ClaimIn(Strict):
    nam: str = Nam
    category: str = Field(..., min_length=1, max_length=40)
    aid_code: str = Field(..., min_length=1, max_length=20)
    service_date: date
    amount: Decimal = Field(..., max_digits=9, decimal_places=2)


class ClaimOut(Schema):
    id: UUID
    status: Literal["received", "processing", "accepted", "refused"]
    status_fr: str
    status_en: str
    category: str
    aid_code: str
    service_date: date
    amount: Decimal
    submitted_at: datetime
    status_changed_at: datetime
    refusal_reason_fr: str | None = Field(
        None, description="Motif du refus, en français (état « refused » seulement)."
    )
    refusal_reason_en: str | None = Field(
        None, description="Reason for the refusal, in English (status « refused » only)."
    )


# --- payment requests (issue #14) ----------------------------------------------------------------

PaymentStatus = Literal["submitted", "awaiting", "authorized", "refused", "returned", "transmitted"]


class PaymentLineIn(Strict):
    day: date = Field(..., description="Date de la ligne (AAAA-MM-JJ), dans la période")
    activity_code: str = Field(
        ...,
        min_length=1,
        max_length=8,
        pattern=r"^[A-Za-z0-9]{1,8}$",
        description="Code d'activité de la table des tarifs",
    )
    quantity: Decimal = Field(
        ..., gt=0, max_digits=6, decimal_places=2, description="Heures, vacations ou jours"
    )


class PaymentRequestIn(Strict):
    practice_number: str = Field(
        ...,
        min_length=1,
        max_length=10,
        pattern=r"^[0-9]{1,10}$",
        description="Numéro de pratique du professionnel",
    )
    installation_number: str = Field(
        ...,
        min_length=5,
        max_length=5,
        pattern=r"^[0-9]{5}$",
        description="Numéro de l'installation (5 chiffres)",
    )
    mode: Literal["hourly", "sessional", "per_diem", "fixed_fees"]
    period_start: date
    period_end: date
    lines: list[PaymentLineIn] = Field(..., min_length=1, max_length=93)


class PaymentRequestOut(Schema):
    reference: str
    environment: Literal["production", "training"]
    status: PaymentStatus
    status_fr: str
    status_en: str
    practice_number: str
    installation_number: str
    mode: str
    period_start: date
    period_end: date
    total: Decimal
    submitted_at: datetime
    decided_by: str | None = Field(
        None, description="Qui a décidé (signataire autorisé), une fois décidée"
    )
    decided_at: datetime | None = None
    reason: str | None = Field(None, description="Motif d'un refus ou d'un retour pour correction")
