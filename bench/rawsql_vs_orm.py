"""Each hand-written statement of the consultation (sel/core/rawsql.py) against its ORM twin, side
by side in one run, as a share of one whole consultation's CPU (issue #13 item 5: raw SQL stays
only where it saves >= 15 % of that request's CPU).

In-process, on the small database of ``bench/consult.py`` (created and filled when missing),
production settings (``DEBUG=0``), PostgreSQL, Redis sessions. In rounds, alternately: one whole
consultation through Django's test client (CSRF checked: form, grant, drug, read, audit row,
page), then each statement by hand-written SQL and by the ORM. CPU is ``time.process_time``
(this process runs both the code and the driver; PostgreSQL's own CPU is in another process and
does not count). Printed per statement: µs raw, µs ORM, and (ORM − raw) ÷ consultation.

    .venv/bin/python bench/rawsql_vs_orm.py
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.data import SMALL, ensure_exception_data  # noqa: E402
from bench.harness import server_env  # noqa: E402

DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench_drugs_small"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def child(data: dict[str, object], rounds: int, per_round: int) -> None:
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test import Client
    from django.utils import timezone

    from sel.access.models import Grant, ServiceCode
    from sel.access.selectors import mark_service_checked, user_has_service
    from sel.accounts.models import User
    from sel.audit.models import AuditEvent
    from sel.core import rawsql
    from sel.exception_drugs.models import Drug, ExceptionRequest
    from sel.exception_drugs.selectors import (
        SUMMARY_REQUEST_FIELDS,
        RequestSummary,
        drug_by_din,
        exception_requests_visible_to,
    )

    client = Client(enforce_csrf_checks=True)
    token = CSRF.search(client.get("/compte/connexion/").content.decode())
    assert token is not None
    credentials = {"username": data["username"], "password": data["password"]}
    client.post("/compte/connexion/", {"csrfmiddlewaretoken": token.group(1), **credentials})
    page = CSRF.search(client.get("/medicaments-exception/").content.decode())
    assert page is not None, "the benchmark pharmacist cannot open the consultation"
    pairs = data["pairs"]
    assert isinstance(pairs, list)
    user = User.objects.get(username=data["username"])
    code = ServiceCode.EXCEPTION_DRUGS
    drugs = {din: Drug.objects.get(din=din) for _, din in pairs}

    def consultation(i: int) -> None:
        nam, din = pairs[i % len(pairs)]
        body = f"csrfmiddlewaretoken={page.group(1)}&nam={nam}&drug={din}"
        response = client.post(
            "/medicaments-exception/", body, content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 200 and b"Demandes trouv" in response.content

    mark_service_checked(user, code)  # as service_required does: the read asks no grant again

    def _fresh() -> User:  # a user object without the request's "already checked" mark
        return User(pk=user.pk, is_active=True, role=user.role)

    def grant_raw(i: int) -> None:
        assert user_has_service(_fresh(), code)

    def grant_orm(i: int) -> None:
        assert (
            Grant.objects.valid_on(timezone.localdate())
            .filter(user=_fresh(), online_service__code=code, online_service__is_active=True)
            .exists()
        )

    def drug_raw(i: int) -> None:  # the hand-written statement main had until issue #13
        names = [field.attname for field in Drug._meta.concrete_fields]
        sql = f"SELECT {', '.join(rawsql.column(Drug, n) for n in names)}"
        sql += f" FROM {rawsql.table(Drug)} WHERE {rawsql.column(Drug, 'din')} = %s"
        with connection.cursor() as cursor:
            cursor.execute(sql, [pairs[i % len(pairs)][1]])
            rows = rawsql.rows_converted(Drug, names, cursor.fetchall())
        assert [Drug.from_db(connection.alias, names, row) for row in rows]

    def drug_orm(i: int) -> None:
        assert drug_by_din(pairs[i % len(pairs)][1])

    def read_raw(i: int) -> None:
        nam, din = pairs[i % len(pairs)]
        assert exception_requests_visible_to(user, nam=nam, drug=drugs[din])

    def read_orm(i: int) -> None:
        nam, din = pairs[i % len(pairs)]
        drug = drugs[din]
        rows = (
            ExceptionRequest.objects.filter(insured_person__nam=nam, drug=drug)
            .order_by("-received_at", "-id")
            .values_list(
                *SUMMARY_REQUEST_FIELDS,
                "prescriber__first_name",
                "prescriber__last_name",
                "indication__code",
                "indication__text_fr",
                "indication__text_en",
            )
        )
        assert [RequestSummary(drug, *row) for row in rows]

    def event() -> AuditEvent:
        return AuditEvent(
            action="bench.rawsql",
            actor=user,
            target_type="",
            target_id="",
            client_address="127.0.0.1",
            user_agent="bench",
            subject_key="bench",
            details={"drug": "00000000", "count": 1},
        )

    fields = tuple(f for f in AuditEvent._meta.concrete_fields if not f.primary_key)
    insert = (
        f"INSERT INTO {rawsql.table(AuditEvent)}"  # noqa: S608
        f" ({', '.join(rawsql.column(AuditEvent, f.name) for f in fields)})"
        f" VALUES ({', '.join(['%s'] * len(fields))}) RETURNING id"
    )

    def audit_raw(i: int) -> None:  # the hand-written INSERT main had until issue #13
        e = event()
        params = [f.get_db_prep_save(f.pre_save(e, True), connection) for f in fields]
        with connection.cursor() as cursor:
            cursor.execute(insert, params)
            e.pk = cursor.fetchone()[0]

    def audit_orm(i: int) -> None:
        event().save(force_insert=True)

    runs: dict[str, Callable[[int], None]] = {
        "consultation": consultation,
        "grant_raw": grant_raw,
        "grant_orm": grant_orm,
        "drug_raw": drug_raw,
        "drug_orm": drug_orm,
        "read_raw": read_raw,
        "read_orm": read_orm,
        "audit_raw": audit_raw,
        "audit_orm": audit_orm,
    }
    with transaction.atomic():  # warm-up
        for one in runs.values():
            for i in range(20):
                one(i)
        transaction.set_rollback(True)
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for r in range(rounds):
        for name, one in runs.items():
            # Audit rows are append-only: each round's are rolled back (for every kind alike).
            with transaction.atomic():
                started = time.process_time()
                for i in range(per_round):
                    one(r * per_round + i)
                samples[name].append((time.process_time() - started) / per_round)
                transaction.set_rollback(True)
    cost = {name: statistics.median(values) for name, values in samples.items()}
    whole = cost["consultation"]
    print(f"consultation_cpu_us={whole * 1e6:.0f} (in-process, test client)")
    for part in ("grant", "drug", "read", "audit"):
        raw, orm = cost[f"{part}_raw"], cost[f"{part}_orm"]
        print(
            f"{part}: raw_us={raw * 1e6:.0f} orm_us={orm * 1e6:.0f} "
            f"saving_share={(orm - raw) / whole:.3f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=DATABASE_URL)
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"))
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--per-round", type=int, default=50)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(json.loads(args.child), args.rounds, args.per_round)
        return
    ensure_exception_data(args.database, **SMALL)
    env = server_env(DATABASE_URL=args.database, REDIS_URL=args.redis,
                     CACHE_KEY_PREFIX="drugs-rawsql", ALLOWED_HOSTS="testserver")  # fmt: skip
    env.pop("TEST_DATABASE_NAME", None)
    env["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    setup = subprocess.run(
        [sys.executable, "bench/consult_setup.py", "50"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    subprocess.run(
        [sys.executable, __file__, "--child", setup.stdout, "--rounds", str(args.rounds),
         "--per-round", str(args.per_round)],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip


if __name__ == "__main__":
    main()
