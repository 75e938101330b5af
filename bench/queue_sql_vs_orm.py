"""The signatory's queue page (issue #14) with its hand-written statement
(``sel/establishments/queue_sql.py``) against the same page through the ORM
(``selectors.signatory_queue``), side by side in one run, as a share of the page's CPU (issue
#13's rule: hand-written SQL stays only where it saves >= 15 % of that request's CPU).

In-process, on the database ``bench/establishments.py`` builds (run it first: 50,000 requests in
the signatory's queue), production settings (``DEBUG=0``), PostgreSQL, Redis. In rounds,
alternately: the floor page, the queue's first page by the statement, the same page by the ORM,
each through Django's test client as the logged-in signatory. CPU is ``time.process_time`` (the
best round of each; PostgreSQL's own CPU is another process's).

    .venv/bin/python bench/queue_sql_vs_orm.py
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FLOOR = "/medicaments-exception/a-propos/"
QUEUE = "/etablissements/autorisation/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", default="postgres://postgres@127.0.0.1:5432/bench_establishments"
    )
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"))
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--per-round", type=int, default=100)
    args = parser.parse_args()
    os.environ.update(
        DEBUG="0",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-" + "x" * 50,
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        DATABASE_URL=args.database,
        REDIS_URL=args.redis,
        CACHE_KEY_PREFIX="estab-bench",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="sel.settings",
    )
    import django

    django.setup()
    from django.test import Client

    import sel.establishments.views.establishment as views
    from bench.establishments_setup import PASSWORD, SIGNATORY

    client = Client()
    client.post("/compte/connexion/", {"username": SIGNATORY, "password": PASSWORD})

    def page(path: str, statement: bool) -> float:
        views.queue_sql_applies = lambda: statement
        started = time.process_time()
        for _ in range(args.per_round):
            response = client.get(path)
            assert response.status_code == 200, response.status_code
        return (time.process_time() - started) / args.per_round * 1000

    kinds = {"floor": (FLOOR, True), "statement": (QUEUE, True), "orm": (QUEUE, False)}
    for path, statement in kinds.values():
        page(path, statement)  # warm
    best = {name: float("inf") for name in kinds}
    for _ in range(args.rounds):  # rounds alternate the three; the best round of each counts
        for name, (path, statement) in kinds.items():
            best[name] = min(best[name], page(path, statement))
    saved = 1 - best["statement"] / best["orm"]
    print(
        f"floor_cpu_ms={best['floor']:.3f} statement_cpu_ms={best['statement']:.3f} "
        f"orm_cpu_ms={best['orm']:.3f}"
    )
    print(
        f"saved_share={saved:.3f} statement_ratio={best['statement'] / best['floor']:.3f} "
        f"orm_ratio={best['orm'] / best['floor']:.3f}"
    )


if __name__ == "__main__":
    main()
