from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from sel.core.demodata import load_all


class Command(BaseCommand):
    help = "Load the demo data (idempotent: a second run changes nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            load_all()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
