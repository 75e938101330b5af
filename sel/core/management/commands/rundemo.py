"""``make demo``: the development server and the worker together; Ctrl-C stops both."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sel.core.demodata import demo_logins, demo_notes


def demo_environment(port: int, environ: dict[str, str]) -> dict[str, str]:
    """The server's and the worker's environment: emailed links follow the demo's port unless
    SITE_BASE_URL is set."""
    env = dict(environ)
    if not env.get("SITE_BASE_URL"):
        env["SITE_BASE_URL"] = f"http://127.0.0.1:{port}"
    return env


class Command(BaseCommand):
    help = "Start the web server and the task worker for the demo, and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))

    def handle(self, *args: Any, port: int, **options: Any) -> None:
        manage = [sys.executable, "manage.py"]
        env = demo_environment(port, dict(os.environ))
        web = subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env
        )
        worker = subprocess.Popen(  # noqa: S603 - our own manage.py
            [*manage, "worker"], env=env
        )
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"SEL runs at http://127.0.0.1:{port}/"))
        self.stdout.write(f"Links in emails start with {env['SITE_BASE_URL']}/")
        self.stdout.write("Demo logins (username / password):")
        for role, username, password in demo_logins():
            self.stdout.write(f"  {role:<34} {username:<12} {password}")
        for note in demo_notes():
            self.stdout.write(note)
        self.stdout.write("Emails (codes, temporary passwords) are printed by the worker below.")
        self.stdout.write("Press Ctrl-C to stop the server and the worker.")
        try:
            while web.poll() is None and worker.poll() is None:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for process in (web, worker):
                if process.poll() is None:
                    process.terminate()
            for process in (web, worker):
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
