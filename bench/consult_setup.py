"""Run by ``bench/consult.py`` in the benchmark database's environment: makes the benchmark
pharmacist (with the service granted) and prints JSON: the request count and sample NAM + DIN
pairs that have requests."""

from __future__ import annotations

import json
import os
import random
import sys

import django

PASSWORD = "Banc-essai-consultation-2026"  # noqa: S105 (benchmark account on a benchmark database)
USERNAME = "IP7000001"


def main(samples: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sel.settings")
    django.setup()
    from django.db import connection
    from django.utils import timezone

    from sel.access.models import Grant, OnlineService, ServiceCode
    from sel.accounts.models import Role, User
    from sel.exception_drugs.models import ExceptionRequest

    user, _ = User.objects.update_or_create(
        username=USERNAME,
        defaults={
            "role": Role.PHARMACIST,
            "email": "banc@exemple.qc.ca",
            "first_name": "Banc",
            "last_name": "Essai",
            "is_active": True,
            "password_changed_at": timezone.now(),
            "must_set_questions": False,
        },
    )
    user.set_password(PASSWORD)
    user.save()
    service = OnlineService.objects.get(code=ServiceCode.EXCEPTION_DRUGS)
    if not Grant.objects.valid_on(timezone.localdate()).filter(user=user, online_service=service):
        Grant.objects.create(user=user, online_service=service)
    table = ExceptionRequest._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT min(id), max(id), count(*) FROM {table}")  # noqa: S608
        low, high, count = cursor.fetchone()
        rng = random.Random(7)
        ids = [rng.randint(low, high) for _ in range(samples * 2)]
        cursor.execute(
            f"SELECT p.nam, d.din FROM {table} r "  # noqa: S608
            "JOIN exception_drugs_insuredperson p ON p.id = r.insured_person_id "
            "JOIN exception_drugs_drug d ON d.id = r.drug_id WHERE r.id = ANY(%s)",
            [ids],
        )
        pairs = cursor.fetchall()[:samples]
    json.dump({"count": count, "pairs": pairs, "username": USERNAME, "password": PASSWORD},
              sys.stdout)  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]))
