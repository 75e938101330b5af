"""RSS feeds for all newsletters and per audience, read by a real feed parser."""

from __future__ import annotations

import feedparser
import pytest
from django.test import Client
from django.urls import reverse

from tests.factories.notices import NewsletterFactory

pytestmark = pytest.mark.django_db


def parse(client: Client, url: str) -> feedparser.FeedParserDict:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_the_feed_of_all_newsletters_lists_every_published_one(client: Client) -> None:
    NewsletterFactory(number="310", title_fr="Nouveautés de novembre")
    NewsletterFactory(title_fr="Brouillon", published_at=None)
    feed = parse(client, reverse("notices:feed"))
    assert feed.version == "rss20"
    assert feed.feed.language == "fr-ca"
    titles = [entry.title for entry in feed.entries]
    assert "Infolettre 310 – Nouveautés de novembre" in titles
    assert not any("Brouillon" in title for title in titles)
    assert len(feed.entries) == 6  # the five seeds and this one


def test_an_entry_carries_an_absolute_link_its_date_and_a_summary(client: Client) -> None:
    newsletter = NewsletterFactory(number="311")
    feed = parse(client, reverse("notices:feed"))
    entry = next(e for e in feed.entries if e.title.startswith("Infolettre 311"))
    assert entry.link == f"http://testserver{newsletter.get_absolute_url()}"
    assert entry.published_parsed[:3] == newsletter.issued_on.timetuple()[:3]
    assert entry.summary.startswith("Premier paragraphe")


def test_an_audience_feed_has_its_own_and_everyones_newsletters_only(client: Client) -> None:
    NewsletterFactory(title_fr="Pharmaciens seulement", audience="pharmacists")
    NewsletterFactory(title_fr="Autres professionnels seulement", audience="other-professionals")
    NewsletterFactory(title_fr="Pour tous les destinataires", audience="all")
    feed = parse(client, reverse("notices:feed_audience", args=["pharmacists"]))
    titles = " | ".join(entry.title for entry in feed.entries)
    assert "Pharmaciens seulement" in titles
    assert "Pour tous les destinataires" in titles
    assert "Autres professionnels seulement" not in titles
    assert "Pharmaciens" in feed.feed.title


def test_an_unknown_audience_feed_is_not_found(client: Client) -> None:
    assert client.get(reverse("notices:feed_audience", args=["astronautes"])).status_code == 404


def test_the_feed_is_in_english_for_an_english_reader(client: Client) -> None:
    NewsletterFactory(number="312", title_en="November news")
    client.post("/langue/", {"language": "en", "next": "/"})
    feed = parse(client, reverse("notices:feed"))
    assert feed.feed.language == "en"
    assert "Newsletter 312 – November news" in [entry.title for entry in feed.entries]


def test_pages_advertise_the_feed(client: Client) -> None:
    html = client.get(reverse("notices:newsletter_list")).content.decode()
    assert 'type="application/rss+xml"' in html
    assert reverse("notices:feed_audience", args=["other-professionals"]) in html
    assert reverse("notices:feed") in client.get("/").content.decode()
