"""Public list and detail pages; drafts are not found; references become links."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from sel.notices.models import Newsletter
from sel.notices.rendering import render_body
from tests.factories.notices import NewsletterFactory

pytestmark = pytest.mark.django_db


def test_the_list_shows_published_newsletters_and_not_drafts(client: Client) -> None:
    NewsletterFactory(title_fr="Publiée ce mois-ci")
    NewsletterFactory(title_fr="Brouillon secret", published_at=None)
    html = client.get(reverse("notices:newsletter_list")).content.decode()
    assert "Publiée ce mois-ci" in html
    assert "Brouillon secret" not in html


def test_the_list_filters_by_audience_and_keeps_those_for_everyone(client: Client) -> None:
    NewsletterFactory(title_fr="Pour les pharmaciens", audience="pharmacists")
    NewsletterFactory(title_fr="Pour les établissements", audience="establishments")
    NewsletterFactory(title_fr="Pour tous", audience="all")
    url = reverse("notices:newsletter_list") + "?destinataires=pharmacists"
    html = client.get(url).content.decode()
    assert "Pour les pharmaciens" in html and "Pour tous" in html
    assert "Pour les établissements" not in html


def test_an_unknown_audience_filter_shows_everything_rather_than_failing(client: Client) -> None:
    response = client.get(reverse("notices:newsletter_list") + "?destinataires=<script>")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_a_draft_or_missing_newsletter_is_not_found(client: Client) -> None:
    draft = NewsletterFactory(published_at=None)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("notices:newsletter_detail", args=[99999])).status_code == 404


def test_the_detail_page_is_in_english_when_a_translation_exists(client: Client) -> None:
    newsletter = NewsletterFactory(title_fr="Titre français", title_en="English title")
    client.post("/langue/", {"language": "en", "next": "/"})
    html = client.get(newsletter.get_absolute_url()).content.decode()
    assert "English title" in html and 'lang="en"' in html


def test_a_french_only_newsletter_is_marked_french_for_english_readers(client: Client) -> None:
    newsletter = NewsletterFactory(title_en="", body_en="")
    client.post("/langue/", {"language": "en", "next": "/"})
    html = client.get(newsletter.get_absolute_url()).content.decode()
    assert '<article class="newsletter" lang="fr-CA">' in html
    assert "only in French" in html


def test_a_dated_reference_links_to_that_newsletter_only() -> None:
    target = NewsletterFactory(number="203", issued_on=date(2015, 12, 2))
    NewsletterFactory(number="203", issued_on=date(2019, 12, 2))
    html = render_body(
        "Dans l'infolettre 203 du 2 décembre 2015, la Régie vous informait.",
        newsletters=list(Newsletter.objects.all()),
    )
    assert f'<a href="{target.get_absolute_url()}">infolettre 203 du 2 décembre 2015</a>' in html


def test_a_reference_without_date_links_to_the_latest_with_that_number() -> None:
    NewsletterFactory(number="046", issued_on=date(2010, 6, 2))
    latest = NewsletterFactory(number="046", issued_on=date(2015, 6, 2))
    html = render_body("Voyez l'infolettre 046.", newsletters=list(Newsletter.objects.all()))
    assert f'l&#x27;<a href="{latest.get_absolute_url()}">infolettre 046</a>.' in html


def test_a_reference_to_an_absent_or_unpublished_newsletter_stays_text() -> None:
    NewsletterFactory(number="777", published_at=None)
    html = render_body(
        "Lisez l'infolettre 777 et l'infolettre 203 du 2 décembre 2015.",
        newsletters=list(Newsletter.objects.all()),
    )
    assert "<a" not in html


def test_an_english_reference_links_too() -> None:
    target = NewsletterFactory(number="003", issued_on=date(2021, 4, 1))
    html = render_body(
        "See newsletter 003 of April 1, 2021.", newsletters=list(Newsletter.objects.all())
    )
    assert f'<a href="{target.get_absolute_url()}">newsletter 003 of April 1, 2021</a>' in html


def test_seed_001_links_to_infolettre_045_the_seed_of_2_june_2015(client: Client) -> None:
    seed_002 = Newsletter.objects.get(number="045")
    seed_001 = Newsletter.objects.get(
        title_fr__startswith="Service en ligne", audience="pharmacists"
    )
    html = client.get(seed_001.get_absolute_url()).content.decode()
    assert f'<a href="{seed_002.get_absolute_url()}">infolettre 045 du 2 juin 2015</a>' in html
    assert "infolettre 203 du 2 décembre 2015" in html  # not on the portal: plain text


def test_a_body_cannot_inject_markup() -> None:
    html = render_body(
        "<script>alert(1)</script> [clic](javascript:alert(1)) **gras**", newsletters=[]
    )
    assert "<script>" not in html and "javascript:" not in html
    assert "&lt;script&gt;" in html and "<strong>gras</strong>" in html


def test_the_marks_of_the_seeds_become_html() -> None:
    html = render_body(
        "## Titre\n\n- un\n- deux\n\n\tA\tB\nx\t1\t2\n\n---\n\n[site](https://www.ramq.gouv.qc.ca)",
        newsletters=[],
    )
    assert "<h2>Titre</h2>" in html
    assert "<ul><li>un</li><li>deux</li></ul>" in html
    assert "<tr><th></th><th>A</th><th>B</th></tr><tr><td>x</td><td>1</td><td>2</td></tr>" in html
    assert "<hr>" in html
    assert '<a href="https://www.ramq.gouv.qc.ca">site</a>' in html
