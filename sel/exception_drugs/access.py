"""Who may open which request. Every read of one request, file or delegation goes through these
helpers, which take the requesting user and answer "not found" alike for an object that does not
exist and one that is not theirs (Zulip's access_stream_by_id). Named
``access_<thing>_by_<key>(user, key)``: a request is found by its reference (the id it is known
by in URLs and letters), a file or a delegation by its id."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import Http404

from sel.accounts.models import User
from sel.exception_drugs.models import Attachment, Delegation, ExceptionRequest
from sel.exception_drugs.selectors import requests_followed_by


def user_is_agent(user: User | AnonymousUser) -> bool:
    """A Régie agent who may process requests: staff, agent role, and this app's permission."""
    return bool(
        user.is_authenticated and user.is_agent_with("exception_drugs.process_exceptionrequest")
    )


def access_exception_request_by_reference(
    user: User | AnonymousUser, reference: str
) -> ExceptionRequest:
    """One request by reference, for its prescriber, a delegated assistant or an agent. The same
    Http404 for a reference that does not exist and one the user may not see (a guessed URL)."""
    if user_is_agent(user):
        candidates = ExceptionRequest.objects.all()
    else:
        candidates = requests_followed_by(user)
    try:
        return candidates.select_related("insured_person", "drug", "prescriber", "indication").get(
            reference=reference
        )
    except ExceptionRequest.DoesNotExist:
        raise Http404 from None


def access_own_exception_request_by_reference(
    user: User | AnonymousUser, reference: str
) -> ExceptionRequest:
    """A request the user submitted as prescriber (answering, renewing, seeing who consulted it)."""
    request = access_exception_request_by_reference(user, reference)
    if request.prescriber_id != user.pk:
        raise Http404
    return request


def access_attachment_by_id(user: User | AnonymousUser, attachment_id: int) -> Attachment:
    """A request's file, for whoever may open the request; the same Http404 otherwise."""
    try:
        attachment = Attachment.objects.select_related("request").get(pk=attachment_id)
    except Attachment.DoesNotExist:
        raise Http404 from None
    access_exception_request_by_reference(user, attachment.request.reference)
    return attachment


def access_delegation_by_id(user: User | AnonymousUser, delegation_id: int) -> Delegation:
    """A link the user is a side of: the professional who delegated or the person who works for
    them; the same Http404 otherwise."""
    try:
        return Delegation.objects.filter(Q(prescriber_id=user.pk) | Q(assistant_id=user.pk)).get(
            pk=delegation_id
        )
    except Delegation.DoesNotExist:
        raise Http404 from None
