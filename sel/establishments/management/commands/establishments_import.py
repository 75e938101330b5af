"""Load the establishments' reference data and the rate table from CSV files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sel.establishments.services.reference import activity_rates_import, establishments_import

DATA = Path(__file__).resolve().parents[2] / "data"


class Command(BaseCommand):
    help = (
        "Import establishments, installations, OPTILAB clusters and GMFs (--reference) and the "
        "rate table (--rates) from CSV; without options, the demo files."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reference", type=Path, help="CSV of establishments/installations")
        parser.add_argument("--rates", type=Path, help="CSV of activity codes and rates")

    def handle(self, *args: Any, **options: Any) -> None:
        reference = options["reference"]
        rates = options["rates"]
        if reference is None and rates is None:
            reference, rates = DATA / "demo_reference.csv", DATA / "demo_rates.csv"
        try:
            if reference is not None:
                counts = establishments_import(rows=reference.read_text("utf-8").splitlines())
                self.stdout.write(
                    f"{counts.establishments} establishments, {counts.installations} "
                    f"installations, {counts.clusters} OPTILAB clusters"
                )
            if rates is not None:
                count = activity_rates_import(rows=rates.read_text("utf-8").splitlines())
                self.stdout.write(f"{count} rates")
        except (OSError, ValidationError) as error:
            raise CommandError(str(error)) from error
