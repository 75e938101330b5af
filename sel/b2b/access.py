"""Who may open which SELAT claim in the portal: the Régie's agents who process them. The same
Http404 for a claim that does not exist and for one the account may not see (Zulip's
``access_stream_by_id``); a vendor reads its own claims through the API only
(``selectors.claim_of_client``)."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from sel.accounts.models import User
from sel.b2b.models import AidClaim

PROCESS_CLAIMS = "b2b.process_aidclaim"


def user_processes_claims(user: User | AnonymousUser) -> bool:
    """A Régie agent who may process SELAT claims: staff, agent role, and the permission."""
    return bool(user.is_authenticated and user.is_agent_with(PROCESS_CLAIMS))


def access_claim_by_public_id(user: User | AnonymousUser, public_id: str) -> AidClaim:
    """One claim by its public id (the one its vendor knows), for an agent who processes
    claims; the same Http404 for a malformed or unknown id and for anyone else."""
    try:
        key = UUID(public_id)
    except ValueError:
        raise Http404 from None
    if not user_processes_claims(user):
        raise Http404
    try:
        return AidClaim.objects.select_related("aid", "person", "client__application").get(
            public_id=key
        )
    except AidClaim.DoesNotExist:
        raise Http404 from None
