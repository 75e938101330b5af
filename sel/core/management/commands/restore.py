"""``manage.py restore FILE --into NAME``: loads a backup into an empty database on the same
PostgreSQL server (sel/core/backups.py). Point DATABASE_URL at it afterwards."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sel.core.backups import BackupError, database_restore
from sel.core.management.commands.backup import database_url


class Command(BaseCommand):
    help = "Restore a backup (manage.py backup) into an empty database of the same server."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--into", required=True, help="Name of the empty target database.")

    def handle(self, *args: Any, file: Path, into: str, **options: Any) -> None:
        target = urlunparse(urlparse(database_url())._replace(path=f"/{into}"))
        try:
            database_restore(path=file, url=target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup {file} restored into the database {into}."))
