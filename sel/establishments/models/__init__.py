from sel.establishments.models.payments import (
    CLAIMING,
    WAITING,
    ActivityRate,
    Mode,
    PaymentLine,
    PaymentRequest,
    PaymentRequestStep,
    Status,
    Unit,
)
from sel.establishments.models.reference import Establishment, Installation, OptilabCluster
from sel.establishments.models.register import Association, Signatory, SignatoryFunction

__all__ = [
    "CLAIMING",
    "WAITING",
    "ActivityRate",
    "Association",
    "Establishment",
    "Installation",
    "Mode",
    "OptilabCluster",
    "PaymentLine",
    "PaymentRequest",
    "PaymentRequestStep",
    "Signatory",
    "SignatoryFunction",
    "Status",
    "Unit",
]
