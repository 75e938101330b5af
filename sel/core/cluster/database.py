"""The cluster's PostgreSQL database: made, re-made, and its connections ended (fault 3), on the
server ``DATABASE_URL`` names."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse, urlunparse

if TYPE_CHECKING:
    import psycopg


def database_url_named(url: str, name: str) -> str:
    """``url`` with its database name replaced by ``name``."""
    parsed = urlparse(url)
    return urlunparse(parsed._replace(path=f"/{name}"))


def database_connect(url: str) -> psycopg.Connection[tuple[Any, ...]]:
    """A connection in autocommit mode to the database ``url`` names."""
    import psycopg

    parsed = urlparse(url)
    return psycopg.connect(
        host=parsed.hostname or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password or None,
        dbname=parsed.path.lstrip("/") or "postgres",
        autocommit=True,
        connect_timeout=30,
    )


def database_recreate(url: str) -> None:
    """Drop and create the database ``url`` names (connected through the server's ``postgres``
    database)."""
    name = urlparse(url).path.lstrip("/")
    with database_connect(database_url_named(url, "postgres")) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def database_create_if_missing(url: str) -> None:
    name = urlparse(url).path.lstrip("/")
    with database_connect(database_url_named(url, "postgres")) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if found is None:
            conn.execute(f'CREATE DATABASE "{name}"')


def database_terminate_connections(url: str) -> int:
    """``pg_terminate_backend`` on every connection to the database ``url`` names (fault 3)."""
    name = urlparse(url).path.lstrip("/")
    with database_connect(database_url_named(url, "postgres")) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
    return len(rows)
