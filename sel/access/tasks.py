"""Periodic jobs of the access app (run by ``manage.py worker``)."""

from __future__ import annotations

from datetime import timedelta

from sel.access.services.access_requests import access_requests_unconfirmed_expire
from sel.access.services.grants import (
    grant_confirmation_request,
    grant_expiry_remind,
    grant_unconfirmed_end,
)
from sel.core.periodic import periodic


@periodic(every=timedelta(hours=24))
def remind_grants_ending_soon() -> None:
    grant_expiry_remind()


@periodic(every=timedelta(hours=24))
def yearly_grant_confirmation() -> None:
    """Ask authorizers to confirm, then end what was not confirmed in time."""
    grant_confirmation_request()
    grant_unconfirmed_end()


@periodic(every=timedelta(hours=1))
def expire_unconfirmed_requests() -> None:
    """Requests whose user did not confirm their address in time expire."""
    access_requests_unconfirmed_expire()
