"""Run by ``bench/establishments.py`` in the benchmark database's environment (PostgreSQL): the
reference data and rates, the benchmark signatory (a grant with scope « all installations » from
an approved access request, in the register with its board resolution), 200 professionals
associated with it, then the payment requests up to ``--total`` by COPY (``--pending`` of them
waiting in the signatory's queue, the rest transmitted for payment, as history), each with one
line and its steps; the requests that earlier runs authorized wait again. Prints JSON: counts,
the generator's seconds, the login, ids to authorize.

    python bench/establishments_setup.py --total 1000000 --pending 50000
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PASSWORD = "Banc-essai-etablissements-2026"  # noqa: S105 (benchmark account on a benchmark database)
SIGNATORY = "CE7100001"
PROFESSIONALS = 200
TOTAL = "965.63"  # one line of 7.5 hours at 128.75 $


def copy_rows(
    cursor: Any, table: str, columns: list[str], rows: Sequence[tuple[object, ...]]
) -> None:
    """PostgreSQL's COPY FROM STDIN, by batches (the fastest way in, minutes for a million)."""
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--total", type=int, default=1_000_000)
    parser.add_argument("--pending", type=int, default=50_000)
    parser.add_argument("--ids", type=int, default=12_000, help="waiting ids to hand back")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sel.settings")
    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from sel.access.models import AccessRequest, FormType, Grant, OnlineService, ServiceCode
    from sel.accounts.models import Role, User
    from sel.establishments.models import (
        ActivityRate,
        Association,
        Installation,
        PaymentLine,
        PaymentRequest,
        PaymentRequestStep,
        Signatory,
        Status,
    )
    from sel.establishments.services.reference import activity_rates_import, establishments_import

    data = Path(__file__).resolve().parent.parent / "sel/establishments/data"
    if not Installation.objects.filter(number="51234").exists():
        establishments_import(rows=(data / "demo_reference.csv").read_text("utf-8").splitlines())
        activity_rates_import(rows=(data / "demo_rates.csv").read_text("utf-8").splitlines())
    hospital = Installation.objects.get(number="51234")
    password = make_password(PASSWORD)
    now = timezone.now()
    signatory, _ = User.objects.update_or_create(
        username=SIGNATORY,
        defaults={
            "role": Role.ESTABLISHMENT_STAFF,
            "email": "banc.signataire@exemple.qc.ca",
            "first_name": "Banc",
            "last_name": "Signataire",
            "password": password,
            "password_changed_at": now,
            "must_set_questions": False,
            "is_active": True,
        },
    )
    service = OnlineService.objects.get(code=ServiceCode.ONLINE_PAYMENT_AUTHORIZATION)
    if not Grant.objects.filter(
        user=signatory, online_service=service, revoked_at__isnull=True
    ).exists():
        form = FormType.objects.get(code="etablissements")
        request = AccessRequest.objects.create(
            reference="BANC-ETAB-1",
            form_version=form.versions.order_by("-pk")[0],
            status=AccessRequest.Status.APPROVED,
            scope="all",
            organization_number="11045",
            organization_name="CISSS",
            user_last_name="SIGNATAIRE",
            user_first_name="BANC",
            user_sex="F",
            user_function="DIRECTEUR",
            user_address="1 RUE",
            user_postal_code="G1K 7T3",
            user_phone="418 555-0100",
            user_email=signatory.email,
            auth_email="dg@exemple.qc.ca",
            account=signatory,
        )
        Grant.objects.create(user=signatory, online_service=service, access_request=request)
    agent = User.objects.filter(role=Role.AGENT).first() or signatory
    entry = Signatory.objects.filter(user=signatory, ended_at__isnull=True).first() or (
        Signatory.objects.create(
            user=signatory,
            establishment=hospital.establishment,
            function="dsp",
            resolution_number="CA-BANC-1",
            resolution_date=date(2026, 1, 5),
            valid_from=date(2020, 1, 1),
            recorded_by=agent,
        )
    )
    professionals = []
    for n in range(PROFESSIONALS):
        user, _ = User.objects.get_or_create(
            username=f"IP71{n:05d}",
            defaults={
                "role": Role.PROFESSIONAL,
                "email": f"banc.pro{n}@exemple.qc.ca",
                "first_name": "Pro",
                "last_name": f"Banc{n:03d}",
                "password": password,
                "practice_number": f"71{n:04d}",
            },
        )
        professionals.append(user)
    associations = []
    for user in professionals:
        association = Association.objects.filter(professional=user, installation=hospital).first()
        if association is None:
            association = Association.objects.create(
                signatory=entry,
                professional=user,
                installation=hospital,
                valid_from=date(2000, 1, 1),
                created_by=agent,
            )
        associations.append(association)

    # The runs before authorized part of the queue: those requests wait again, so that every run
    # starts from the same queue (``--pending`` waiting).
    decided = PaymentRequest.objects.filter(
        association__signatory=entry, status=Status.AUTHORIZED, decided_by=signatory
    )
    PaymentRequestStep.objects.filter(request__in=decided, status=Status.AUTHORIZED).delete()
    decided.update(status=Status.AWAITING, decided_by=None, decided_at=None)

    have = PaymentRequest.objects.count()
    started = time.perf_counter()
    if have < args.total:
        rate = ActivityRate.objects.get(code="H001")
        first = (
            PaymentRequest.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        ) + 1
        line_first = (
            PaymentLine.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        ) + 1
        batch = 50_000
        made = 0
        todo = args.total - have
        waiting = max(
            args.pending - PaymentRequest.objects.filter(status=Status.AWAITING).count(), 0
        )
        while made < todo:
            size = min(batch, todo - made)
            requests, lines, steps = [], [], []
            for k in range(size):
                n = have + made + k
                pk = first + made + k
                pro = n % PROFESSIONALS
                day = n // PROFESSIONALS  # each professional claims one day after another
                start = date(2012, 1, 1) + timedelta(days=day)
                pending = made + k < waiting
                status = Status.AWAITING if pending else Status.TRANSMITTED
                submitted = now - timedelta(minutes=n % 500_000)
                requests.append(
                    (
                        pk,
                        f"BN{n:012d}",
                        professionals[pro].pk,
                        hospital.pk,
                        "hourly",
                        start,
                        start,
                        status,
                        "portal",
                        submitted,
                        TOTAL,
                        associations[pro].pk,
                        "",
                    )
                )
                lines.append((line_first + made + k, pk, start, rate.pk, "7.50", TOTAL))
                steps.append((pk, Status.SUBMITTED, submitted, ""))
            with transaction.atomic(), connection.cursor() as cursor:
                copy_rows(
                    cursor,
                    PaymentRequest._meta.db_table,
                    [
                        "id",
                        "reference",
                        "professional_id",
                        "installation_id",
                        "mode",
                        "period_start",
                        "period_end",
                        "status",
                        "channel",
                        "submitted_at",
                        "total",
                        "association_id",
                        "reason",
                    ],
                    requests,
                )
                copy_rows(
                    cursor,
                    PaymentLine._meta.db_table,
                    ["id", "request_id", "day", "activity_id", "quantity", "amount"],
                    lines,
                )
                copy_rows(
                    cursor,
                    PaymentRequestStep._meta.db_table,
                    ["request_id", "status", "at", "reason"],
                    steps,
                )
            made += size
            print(f"{have + made} payment requests", file=sys.stderr, flush=True)
        with connection.cursor() as cursor:
            for model in (PaymentRequest, PaymentLine):
                table = model._meta.db_table
                sequence = f"pg_get_serial_sequence('{table}', 'id')"
                cursor.execute(f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))")  # noqa: S608
            cursor.execute(f"ANALYZE {PaymentRequest._meta.db_table}")
    seconds = time.perf_counter() - started
    ids = list(
        PaymentRequest.objects.filter(status=Status.AWAITING, association__signatory=entry)
        .order_by("-submitted_at", "-pk")
        .values_list("pk", "reference")[: args.ids]
    )
    json.dump(
        {
            "count": PaymentRequest.objects.count(),
            "generated": args.total - have if have < args.total else 0,
            "seconds": seconds,
            "waiting": PaymentRequest.objects.filter(status=Status.AWAITING).count(),
            "username": SIGNATORY,
            "password": PASSWORD,
            "ids": ids,
            "total": TOTAL,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
