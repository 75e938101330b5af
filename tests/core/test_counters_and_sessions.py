"""Counters counted together and sessions written once keep what the single-counter path and
Django's cache sessions guarantee, on both back ends (Redis when REDIS_URL is set, else the
database)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from sel.core import sessions
from sel.core.counters import counter_increment, counters_increment, mark_claim, seconds_left
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_counters_counted_together_each_keep_the_expiry_they_were_created_with() -> None:
    counter_increment("together:a", ttl=60)
    counts, left = counters_increment("together:a", "together:b", ttl=3600)
    assert counts == [2, 1] and left == 0
    assert 0 < seconds_left("together:a") <= 60  # a later increment does not lengthen a counter
    assert 60 < seconds_left("together:b") <= 3600
    counts, _ = counters_increment("together:a", "together:b", ttl=3600, by=-1)
    assert counts == [1, 0]


def test_counters_counted_together_read_the_wait_in_force_in_the_same_transaction() -> None:
    assert counters_increment("together:c", ttl=60, then_seconds_left="together:mark")[1] == 0
    assert mark_claim("together:mark", seconds=100)
    counts, left = counters_increment("together:c", ttl=60, then_seconds_left="together:mark")
    assert counts == [2] and 0 < left <= 100
    counter_increment("together:forever", ttl=None)
    assert counters_increment("together:c", ttl=60, then_seconds_left="together:forever")[1] == -1


def test_a_new_session_never_takes_over_a_key_already_in_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    victim = sessions.SessionStore()
    victim["owner"] = "victim"
    victim.save()
    drawn = iter([victim.session_key, "k" * 32])
    monkeypatch.setattr(sessions, "get_random_string", lambda *args: next(drawn))
    newcomer = sessions.SessionStore()
    newcomer.cycle_key()
    newcomer["owner"] = "newcomer"
    newcomer.save()
    assert newcomer.session_key == "k" * 32
    assert sessions.SessionStore(victim.session_key)["owner"] == "victim"
    assert sessions.SessionStore("k" * 32)["owner"] == "newcomer"


def test_the_pages_cached_fragments_follow_the_language_and_the_login_state() -> None:
    client = Client()
    french = client.get("/compte/connexion/").content.decode()
    assert "Courriel, site Web et fils RSS" in french and "Joignez le Centre" in french
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/compte/connexion/").content.decode()
    assert "Courriel, site Web et fils RSS" not in english and "Joignez le Centre" not in english
    assert "Messagerie" not in french and "Se connecter" in french
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr-ca"
    client.post("/compte/connexion/", {"username": UserFactory().username,
                                       "password": DEFAULT_PASSWORD})  # fmt: skip
    home = client.get("/compte/parametres/").content.decode()
    assert "Messagerie" in home


def test_the_redis_cache_keeps_one_client_per_pool_instead_of_one_per_operation() -> None:
    """No server is needed: a Redis client connects at its first command."""
    from sel.core.cache import RedisCache

    backend = RedisCache("redis://127.0.0.1:9/0", {})._cache
    reader, writer = backend.get_client("k"), backend.get_client("k", write=True)
    assert reader is backend.get_client("other") and writer is reader  # one server: one pool
    replicas = RedisCache("redis://127.0.0.1:9/0,redis://127.0.0.1:9/1", {})._cache
    assert replicas.get_client(write=True) is replicas.get_client(write=True)
    assert replicas.get_client() is not replicas.get_client(write=True)  # the replica's own


def test_the_configured_cache_reads_writes_counts_and_deletes() -> None:
    """On Redis when REDIS_URL is set (the one client of each pool), else the database."""
    from django.core.cache import cache

    cache.set("reused:a", {"x": 1}, 60)
    assert cache.add("reused:n", 1)
    assert cache.incr("reused:n") == 2
    assert cache.get_many(["reused:a", "reused:n"]) == {"reused:a": {"x": 1}, "reused:n": 2}
    cache.delete_many(["reused:a", "reused:n"])
    assert cache.get("reused:a") is None and cache.get("reused:n") is None
