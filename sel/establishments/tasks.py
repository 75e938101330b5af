"""Periodic jobs of the establishments' applications (run by ``manage.py worker``)."""

from __future__ import annotations

from datetime import timedelta

from sel.core.periodic import periodic
from sel.establishments.services.digest import payment_digest_send
from sel.establishments.services.payment_requests import payment_requests_transmit


@periodic(every=timedelta(hours=24))
def daily_payment_digest() -> None:
    """Each signatory's count of waiting requests."""
    payment_digest_send()


@periodic(every=timedelta(hours=24))
def transmit_authorized_requests() -> None:
    """Authorized requests go to payment once a day."""
    payment_requests_transmit()
