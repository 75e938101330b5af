"""Periodic jobs of the B2B app (run by ``manage.py worker``)."""

from __future__ import annotations

from datetime import timedelta

from sel.b2b.services.claims import sandbox_claims_advance
from sel.b2b.services.payments import sandbox_payment_requests_advance
from sel.core.periodic import periodic


@periodic(every=timedelta(minutes=1))
def advance_sandbox_claims() -> None:
    """Training claims move on the sandbox's schedule (``sel.b2b.sandbox``)."""
    sandbox_claims_advance()


@periodic(every=timedelta(minutes=1))
def decide_sandbox_payment_requests() -> None:
    """Training payment requests are decided on the sandbox's schedule (``sel.b2b.sandbox``)."""
    sandbox_payment_requests_advance()
