"""Chromium, in French: the IT lead replaces the initial secret and revokes a client on the B2B
page; an agent finds the client and links a practice number; the B2B guide. Each page passes
axe (WCAG 2.1 A/AA)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from sel.b2b.models import B2BClient
from tests.e2e.test_exception_drugs_cycle import act_as, assert_accessible
from tests.factories.access import access_agent
from tests.factories.b2b import vendor_client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_it_lead_replaces_the_secret_then_revokes(live_server: Any, browser_page: Any) -> None:
    page = browser_page
    client, _initial = vendor_client(replaced=False)
    act_as(page, live_server, client.it_lead)
    page.goto(live_server.url + "/services-b2b/")
    expect(page.get_by_text(client.client_id)).to_be_visible()
    expect(page.get_by_text("Secret initial à remplacer")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Remplacer le secret initial").click()
    expect(page.get_by_text("affiché une seule fois")).to_be_visible()
    expect(page.locator("#new-secret")).not_to_be_empty()
    assert_accessible(page)
    page.get_by_label("Je comprends que ce client").check()
    page.get_by_role("button", name="Révoquer").click()
    expect(page.get_by_text("Client révoqué")).to_be_visible()
    assert B2BClient.objects.get(pk=client.pk).revoked_at is not None


def test_an_agent_links_a_practice_number(live_server: Any, browser_page: Any) -> None:
    page = browser_page
    client, _secret = vendor_client()
    agent = access_agent()
    agent.user_permissions.add(*Permission.objects.filter(content_type__app_label="b2b"))
    act_as(page, live_server, agent)
    page.goto(live_server.url + "/services-b2b/regie/")
    expect(page.get_by_text(client.client_id)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Numéro de pratique du médecin").fill("1234567")
    page.get_by_role("button", name="Lier au client").click()
    expect(page.get_by_text("Numéro de pratique lié au client.")).to_be_visible()
    assert client.practices.filter(practice_number="1234567").exists()


def test_the_b2b_guide(live_server: Any, browser_page: Any) -> None:
    page = browser_page
    page.goto(live_server.url + "/infos/aide/b2b/")
    expect(page.get_by_role("heading", name="Appeler un service")).to_be_visible()
    assert_accessible(page)
