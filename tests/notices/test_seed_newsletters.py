"""The five seed documents are the first newsletters, in French, faithful to the seeds."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from sel.notices.models import Newsletter
from sel.notices.seeds import SEED_NEWSLETTERS

pytestmark = pytest.mark.django_db


def test_the_five_seed_documents_are_published_as_the_first_newsletters() -> None:
    newsletters = Newsletter.objects.published().order_by("pk")
    assert [n.title_fr for n in newsletters[:5]] == [s.title for s in SEED_NEWSLETTERS]
    assert all(n.body_fr and not n.body_en for n in newsletters[:5])


def test_only_seed_002_gives_a_date_and_it_is_infolettre_045() -> None:
    dated = Newsletter.objects.exclude(issued_on=None)
    assert [(n.number, n.issued_on) for n in dated] == [("045", date(2015, 6, 2))]


def test_obvious_ocr_errors_are_cleaned_and_the_text_is_kept() -> None:
    first = Newsletter.objects.get(title_fr=SEED_NEWSLETTERS[0].title).body_fr
    assert "I'acc" not in first and "ramg" not in first and "Médlicaments" not in first
    assert "accorder l'accès au service en ligne" in first
    assert "à compter du 8 mai 2017" in first
    assert "services.professionnels@ramq.gouv.qc.ca" in first
    latest = Newsletter.objects.get(title_fr=SEED_NEWSLETTERS[4].title).body_fr
    assert "À compter du **31 mars 2022**" in latest
    assert "l'[infolettre 003](#) du 1er avril 2021" in latest


def test_seed_newsletter_pages_render_and_show_the_undated_ones_as_such(client: Client) -> None:
    for newsletter in Newsletter.objects.published():
        response = client.get(newsletter.get_absolute_url())
        assert response.status_code == 200
        html = response.content.decode()
        assert "<input" not in html.split("<main", 1)[1].split("</main>", 1)[0]
        if newsletter.issued_on is None:
            assert "date non indiquée" in html


def test_seed_002_keeps_the_pharmacists_and_other_professionals_columns(client: Client) -> None:
    newsletter = Newsletter.objects.get(number="045")
    html = client.get(newsletter.get_absolute_url()).content.decode()
    assert "<th>Pharmaciens</th><th>Autres professionnels</th>" in html
    assert "<td>Québec 418 643-9025</td><td>Québec 418 643-8210</td>" in html
