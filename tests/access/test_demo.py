"""The demo data loads twice without duplicates and gives the agents' group its permissions."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from sel.access import demo
from sel.access.models import AccessRequest, Grant
from sel.access.services import signature_intact
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_loads_idempotently_with_the_agents_permissions_and_queued_requests() -> None:
    UserFactory(username="CE200001")
    UserFactory(username="CE200006")
    demo.load()
    demo.load()
    group = Group.objects.get(name="Agents de la Régie")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"process_accessrequest", "revoke_grant"} <= codenames
    assert Grant.objects.filter(user__username="CE200001").count() == 1
    queued = AccessRequest.objects.filter(status=AccessRequest.Status.SUBMITTED)
    assert queued.count() == 3
    assert queued.filter(form_version__form_type__code="selat").exists()
    # The SELAT user's grant comes from its approved request, which names the dispenser.
    selat = Grant.objects.get(user__username="CE200006")
    assert selat.online_service.code == "selat"
    assert selat.access_request is not None
    assert selat.access_request.organization_number == "54321"
    for access_request in queued:
        assert all(signature_intact(s) for s in access_request.signatures.all())
