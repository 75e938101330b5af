"""The B2B app's models: the vendors' OAuth clients (``clients``) and the register the B2B
services read and write, production and sandbox side by side (``register``)."""

from sel.b2b.models.clients import B2BClient, ClientPractice, Environment, IdempotencyRecord
from sel.b2b.models.payments import (
    SandboxPaymentRequest,
    SoftwareAuthorization,
    SoftwarePaymentRequest,
)
from sel.b2b.models.register import (
    OPEN_CLAIM_STATUSES,
    AidClaim,
    ClaimStatus,
    Coverage,
    InsuredPerson,
    Physician,
    Plan,
    Registration,
    TechnicalAid,
)

__all__ = [
    "OPEN_CLAIM_STATUSES",
    "AidClaim",
    "B2BClient",
    "ClaimStatus",
    "ClientPractice",
    "Coverage",
    "Environment",
    "IdempotencyRecord",
    "InsuredPerson",
    "Physician",
    "Plan",
    "Registration",
    "SandboxPaymentRequest",
    "SoftwareAuthorization",
    "SoftwarePaymentRequest",
    "TechnicalAid",
]
