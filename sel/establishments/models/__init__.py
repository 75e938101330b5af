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
from sel.establishments.models.register import (
    Association,
    AssociationChange,
    Signatory,
    SignatoryFunction,
)

__all__ = [
    "CLAIMING",
    "WAITING",
    "ActivityRate",
    "Association",
    "AssociationChange",
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
