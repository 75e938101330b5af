"""A link (delegation) that reaches its end date ends as a manual end does: both sides are told
by email, in their own language, once; the delegate's list shows it ended (issue #12 item 2,
« a notice when it ends »)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sel.accounts.models import Role
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.exception_drugs.models import Delegation
from sel.exception_drugs.tasks import delegations_close_expired
from sel.outbox.delivery import render_email
from sel.outbox.models import OutboundEmail
from tests.conftest import login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_link_past_its_end_date_ends_and_both_sides_are_told_once() -> None:
    prescriber = UserFactory(role=Role.PRESCRIBER, email="dre.roy@exemple.qc.ca")
    assistant = UserFactory(
        role=Role.ADMIN_ASSISTANT, email="adjointe@exemple.qc.ca", language="en"
    )
    today = timezone.localdate()
    link = Delegation.objects.create(
        prescriber=prescriber,
        assistant=assistant,
        starts_on=today - timedelta(days=30),
        ends_on=today - timedelta(days=1),
    )
    running = Delegation.objects.create(
        prescriber=prescriber, assistant=UserFactory(role=Role.NURSE), ends_on=today
    )

    assert delegations_close_expired() == 1
    assert delegations_close_expired() == 0  # once

    link.refresh_from_db()
    assert link.ended_at is not None and link.ended_by is None
    assert timezone.localdate(link.ended_at) == today
    running.refresh_from_db()
    assert running.ended_at is None
    emails = OutboundEmail.objects.filter(template="exception_drugs/delegation_ended")
    assert sorted(e.to for e in emails) == ["adjointe@exemple.qc.ca", "dre.roy@exemple.qc.ca"]
    _subject, french = render_email(emails.get(to="dre.roy@exemple.qc.ca"))
    assert "date de fin" in french and link.ends_on.isoformat() in french
    _subject, english = render_email(emails.get(to="adjointe@exemple.qc.ca"))
    assert "end date" in english and "date de fin" not in english
    assert AuditEvent.objects.filter(action=Action.DELEGATION_EXPIRED).count() == 1

    # The delegate's page no longer offers to end it: it has ended.
    client = Client()
    login(client, assistant)
    page = client.get("/medicaments-exception/delegations/").content.decode()
    assert f"/medicaments-exception/delegations/{link.pk}/fin/" not in page
