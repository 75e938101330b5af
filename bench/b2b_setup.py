"""Run by ``bench/b2b.py`` in the benchmark database's environment: makes ``clients`` approved
production B2B clients (through the approval's own services, as the tests' factory does) and
prints JSON: their ids and secrets, and the number of insured persons."""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(clients: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sel.settings")
    django.setup()
    from sel.b2b.models import InsuredPerson
    from tests.factories.b2b import vendor_client

    made = []
    for _n in range(clients):
        client, secret = vendor_client(reference=f"BENCH-{secrets.token_hex(6)}")
        made.append({"client_id": client.client_id, "secret": secret})
    print(json.dumps({"clients": made, "persons": InsuredPerson.objects.count()}))


if __name__ == "__main__":
    main(int(sys.argv[1]))
