"""The access app's models, one module per business object; Django and the rest of the code find
them here (``from sel.access.models import …``)."""

from sel.access.models.online_services import (
    Grant,
    GrantQuerySet,
    OnlineService,
    ServiceCode,
    grant_valid_on,
)
from sel.access.models.requests import (
    AccessLink,
    AccessRequest,
    FormFamily,
    FormType,
    FormVersion,
    Function,
    MailRoomLetter,
    RefusedMailboxLocalPart,
    Signature,
)

__all__ = [
    "AccessLink",
    "AccessRequest",
    "FormFamily",
    "FormType",
    "FormVersion",
    "Function",
    "Grant",
    "GrantQuerySet",
    "MailRoomLetter",
    "OnlineService",
    "RefusedMailboxLocalPart",
    "ServiceCode",
    "Signature",
    "grant_valid_on",
]
