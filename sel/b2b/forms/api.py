"""What the B2B API accepts and answers (its OpenAPI schemas): the forms of the vendors'
software. Unknown fields are refused (SECURITY.md #30) and answers carry only the listed fields."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import ConfigDict


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


Nam = Field(..., min_length=1, max_length=20, description="NAM: 4 lettres et 8 chiffres")
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
