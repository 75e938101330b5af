"""``manage.py backup FILE``: a consistent backup of the PostgreSQL database (sel/core/backups)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sel.core.backups import BackupError, database_backup


def database_url() -> str:
    """The URL of the configured database, rebuilt from the settings."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise CommandError("backups are for PostgreSQL: set DATABASE_URL=postgres://…")
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db.get('USER') or 'postgres'}{password}@{db.get('HOST') or '127.0.0.1'}:"
        f"{db.get('PORT') or 5432}/{db['NAME']}"
    )


class Command(BaseCommand):
    help = "Write a consistent backup of the PostgreSQL database (pg_dump, custom format)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            size = database_backup(url=database_url(), path=file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written to {file} ({size} bytes)."))
