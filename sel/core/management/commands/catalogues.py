from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sel.core import catalogues


class Command(BaseCommand):
    help = "Translation catalogues with Babel: update (extract), compile, or check completeness."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["update", "compile", "check", "fill"])
        parser.add_argument(
            "--from", dest="source", help="fill: a JSON file mapping French msgids to English"
        )

    def handle(self, *args: Any, action: str, source: str | None, **options: Any) -> None:
        if action == "fill":
            if not source:
                raise CommandError("fill needs --from FILE.json")
            with open(source, encoding="utf-8") as handle:
                changed = catalogues.fill(json.load(handle))
            self.stdout.write(f"{changed} translations set")
        elif action == "update":
            for path in catalogues.update():
                self.stdout.write(f"updated {path}")
        elif action == "compile":
            compiled = catalogues.compile_all()
            self.stdout.write(f"compiled {len(compiled)} catalogues")
        else:
            problems = catalogues.problems()
            for problem in problems:
                self.stderr.write(problem)
            if problems:
                raise CommandError(f"{len(problems)} translation problems (run: make messages)")
            self.stdout.write("every string has an English translation")
