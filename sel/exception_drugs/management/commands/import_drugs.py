"""``manage.py import_drugs liste.csv``: import or update the drug list (idempotent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from sel.audit.events import Action
from sel.audit.services import record
from sel.exception_drugs.drug_import import drugs_import, read_rows


class Command(BaseCommand):
    help = (
        "Import drugs from CSV (din,name,strength,form,is_exception[,indication_code,"
        "indication_fr,indication_en]); prints a summary and each rejected line with its number."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--delimiter", default=",")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        with path.open(encoding="utf-8-sig", newline="") as handle:
            total = max(sum(1 for _ in handle) - 1, 0)
        with path.open(encoding="utf-8-sig", newline="") as handle:
            try:
                _columns, rows = read_rows(handle, options["delimiter"])
            except ValidationError as exc:
                raise CommandError(f"{path}: {'; '.join(exc.messages)}") from exc
            progress = tqdm(
                rows,
                total=total,
                unit="row",
                disable=options["no_progress"],
                file=self.stderr._out,
            )
            report = drugs_import(progress)
        for line, message in report.rejects:
            self.stdout.write(f"line {line}: {message}")
        record(
            action=Action.DRUGS_IMPORTED,
            details={"file": path.name, **dict(report.counts), "rejected": len(report.rejects)},
        )
        style = self.style.WARNING if report.rejects else self.style.SUCCESS
        self.stdout.write(style(report.summary()))
