"""``manage.py generate_exception_data --persons 1000000 --requests 10000000``: a synthetic data
set for load tests (never on a production database: it refuses when DEBUG is off unless
``--i-know-this-is-not-production`` is given)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from tqdm import tqdm

from sel.exception_drugs.management import synthetic


class Command(BaseCommand):
    help = "Generate synthetic insured persons, drugs, prescribers and requests (bulk loading)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--persons", type=int, default=10_000)
        parser.add_argument("--requests", type=int, default=100_000)
        parser.add_argument("--drugs", type=int, default=500)
        parser.add_argument("--prescribers", type=int, default=2_000)
        parser.add_argument("--batch", type=int, default=0, help="rows per statement")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument("--i-know-this-is-not-production", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["i_know_this_is_not_production"]:
            raise CommandError(
                "Refusing to add synthetic data with DEBUG off; pass "
                "--i-know-this-is-not-production for a benchmark database."
            )
        postgres = connection.vendor == "postgresql"
        batch = options["batch"] or (250_000 if postgres else 5_000)
        quiet = options["no_progress"]
        started = time.monotonic()
        synthetic.ensure_drugs(options["drugs"])
        synthetic.ensure_prescribers(options["prescribers"])
        with tqdm(total=options["persons"], unit="person", disable=quiet,
                  file=self.stderr._out) as bar:  # fmt: skip
            synthetic.generate_persons(options["persons"], batch=batch, progress=bar.update)
        with tqdm(total=options["requests"], unit="request", disable=quiet,
                  file=self.stderr._out) as bar:  # fmt: skip
            synthetic.generate_requests(
                options["requests"], batch=batch, seed=options["seed"], progress=bar.update
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"persons={options['persons']} requests={options['requests']} "
                f"drugs={options['drugs']} prescribers={options['prescribers']} "
                f"backend={connection.vendor} seconds={time.monotonic() - started:.1f}"
            )
        )
