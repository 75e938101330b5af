"""Backups of the PostgreSQL database (issue #16): ``manage.py backup`` writes one with
``pg_dump`` (custom format: one consistent snapshot of every table, taken in a single
repeatable-read transaction while the portal keeps running), ``manage.py restore`` loads one into
an empty database with ``pg_restore``. Both use the PostgreSQL client programs of the machine
(Debian: ``apt-get install postgresql-client``)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse


class BackupError(Exception):
    """What went wrong, in a sentence for the operator."""


def _client(program: str) -> str:
    found = shutil.which(program)
    if found is None:
        raise BackupError(f"{program} is missing: apt-get install postgresql-client")
    return found


def _connection(url: str) -> tuple[list[str], dict[str, str]]:
    """pg_dump/pg_restore options and environment for ``url`` (the password in PGPASSWORD, never
    on the command line)."""
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise BackupError("backups are for PostgreSQL: DATABASE_URL must be postgres://…")
    options = [
        "--host", parsed.hostname or "127.0.0.1",
        "--port", str(parsed.port or 5432),
        "--username", unquote(parsed.username or "postgres"),
        "--dbname", parsed.path.lstrip("/"),
    ]  # fmt: skip
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = unquote(parsed.password)
    return options, env


def database_backup(*, url: str, path: Path) -> int:
    """Writes the database ``url`` names to ``path`` (pg_dump's custom format); returns its size.
    The file is written beside its final name and renamed once complete: a backup that failed
    half-way never passes for a whole one."""
    options, env = _connection(url)
    partial = path.with_name(path.name + ".partial")
    done = subprocess.run(  # noqa: S603 - fixed program, options from the settings
        [_client("pg_dump"), *options, "--format=custom", "--no-owner", "--file", str(partial)],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    partial.replace(path)
    return path.stat().st_size


def database_restore(*, path: Path, url: str) -> None:
    """Loads the backup ``path`` into the database ``url`` names, which must exist and be empty
    (no table in its public schema): a restore never mixes with live data."""
    options, env = _connection(url)
    if not path.is_file():
        raise BackupError(f"no backup at {path}")
    tables = subprocess.run(  # noqa: S603
        [_client("psql"), *options, "--tuples-only", "--no-align", "--command",
         "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    if tables.returncode != 0:
        raise BackupError(f"cannot reach the target database: {tables.stderr.strip()}")
    if tables.stdout.strip() != "0":
        raise BackupError("the target database is not empty: restore into a new database")
    done = subprocess.run(  # noqa: S603
        [_client("pg_restore"), *options, "--no-owner", "--exit-on-error", "--single-transaction",
         str(path)],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {done.stderr.strip()}")
