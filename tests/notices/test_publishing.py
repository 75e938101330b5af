"""Staff publish newsletters through the admin; every change goes through a service and is
audited."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from sel.accounts.models import Role
from sel.audit.models import AuditEvent
from sel.notices import demo
from sel.notices.models import Newsletter
from sel.notices.services import newsletter_publish, newsletter_withdraw
from tests.conftest import login
from tests.factories.accounts import UserFactory
from tests.factories.notices import NewsletterFactory

pytestmark = pytest.mark.django_db


def agent(*codenames: str) -> object:
    user = UserFactory(role=Role.AGENT, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="notices", codename__in=codenames)
    )
    return user


def form_data(**overrides: str) -> dict[str, str]:
    data = {
        "number": "321",
        "issued_on": "2026-11-23",
        "audience": "pharmacists",
        "title_fr": "Nouveau service",
        "title_en": "New service",
        "body_fr": "Texte.",
        "body_en": "Text.",
    }
    data.update(overrides)
    return data


def test_staff_write_a_draft_in_the_admin_and_it_is_audited(client: Client) -> None:
    login(client, agent("add_newsletter", "change_newsletter", "view_newsletter"))
    response = client.post(reverse("admin:notices_newsletter_add"), form_data())
    assert response.status_code == 302
    newsletter = Newsletter.objects.get(number="321")
    assert newsletter.published_at is None
    event = AuditEvent.objects.get(action="newsletter.saved")
    assert event.target_id == str(newsletter.pk)
    assert event.details["created"] is True


def test_the_admin_form_requires_a_three_digit_number_and_a_date(client: Client) -> None:
    login(client, agent("add_newsletter", "view_newsletter"))
    response = client.post(
        reverse("admin:notices_newsletter_add"), form_data(number="45", issued_on="")
    )
    assert response.status_code == 200
    assert "Le numéro compte trois chiffres" in response.content.decode()
    assert not Newsletter.objects.filter(number="45").exists()


def test_publishing_needs_the_publish_permission(client: Client) -> None:
    draft = NewsletterFactory(published_at=None)
    changelist = reverse("admin:notices_newsletter_changelist")
    login(client, agent("change_newsletter", "view_newsletter"))
    client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.published_at is None

    login(client, agent("change_newsletter", "view_newsletter", "publish_newsletter"))
    client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.published_at is not None
    assert AuditEvent.objects.filter(action="newsletter.published").count() == 1


def test_withdrawing_hides_the_newsletter_and_is_audited(client: Client) -> None:
    newsletter = NewsletterFactory()
    staff = agent("publish_newsletter")
    newsletter_withdraw(newsletter=newsletter, actor=staff)
    assert client.get(newsletter.get_absolute_url()).status_code == 404
    newsletter_publish(newsletter=newsletter, actor=staff)
    assert client.get(newsletter.get_absolute_url()).status_code == 200
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["newsletter.withdrawn", "newsletter.published"]


def test_newsletters_cannot_be_deleted_in_the_admin(client: Client) -> None:
    newsletter = NewsletterFactory()
    user = UserFactory(role=Role.AGENT, is_staff=True, is_superuser=True)
    login(client, user)
    response = client.get(reverse("admin:notices_newsletter_delete", args=[newsletter.pk]))
    assert response.status_code == 403


def test_the_demo_gives_the_agents_group_the_publish_permission() -> None:
    demo.load()
    demo.load()
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Agents de la Régie")
    assert group.permissions.filter(codename="publish_newsletter").exists()
    assert Newsletter.objects.count() == 5


def test_staff_who_write_newsletters_preview_a_draft_others_do_not_find_it(client: Client) -> None:
    draft = NewsletterFactory(published_at=None, title_fr="Brouillon à relire")
    login(client, agent("change_newsletter", "view_newsletter"))
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "Brouillon à relire" in html and "pas publiée" in html
    login(client, UserFactory(role=Role.PHARMACIST))
    assert client.get(draft.get_absolute_url()).status_code == 404
