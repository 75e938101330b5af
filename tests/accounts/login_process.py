"""A separate server process for tests/accounts/test_lockout_processes.py: reads commands on
stdin and answers one JSON line each, going through the whole login view (Django's test client,
in this process). Run with the environment of the test (database file, Redis)."""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sel.settings")

import django

django.setup()

from django.test import Client  # noqa: E402

from sel.accounts.models import Role, User  # noqa: E402


def main() -> None:
    for line in sys.stdin:
        command, *args = line.split()
        if command == "create":
            username, password = args
            user, _ = User.objects.get_or_create(
                username=username,
                defaults={"email": "p@exemple.qc.ca", "first_name": "A", "last_name": "B",
                          "role": Role.PHARMACIST},
            )  # fmt: skip
            user.set_password(password)
            user.save()
            answer: dict[str, object] = {"pid": os.getpid()}
        elif command == "login":
            username, password = args
            response = Client().post(
                "/compte/connexion/",
                {"username": username, "password": password},
                REMOTE_ADDR="203.0.113.77",
            )
            answer = {
                "pid": os.getpid(),
                "status": response.status_code,
                "waiting": "minutes avant de réessayer" in response.content.decode(),
            }
        else:
            answer = {"error": command}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
