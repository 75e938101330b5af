from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sel.core.demodata import DemoDataRefused, load_all


class Command(BaseCommand):
    help = (
        "Load the demo data (idempotent: a second run changes nothing). Development only: "
        "refused, with a non-zero exit, when DEBUG is off."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                load_all()
        except DemoDataRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
