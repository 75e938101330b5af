"""Establishments (DESIGN.md §5, issue #14), through gunicorn on PostgreSQL, by a logged-in
signatory, with 1,000,000 payment requests in the database of which 50,000 wait in the
signatory's queue across 200 professionals (bench/establishments_setup.py makes them by COPY
the first time, and says how long it took; the database is reused afterwards).

- floor: GET of an authenticated page with the same base template and no business query;
- queue: GET of the signatory's queue, first page (grant and scope, associations, 50 oldest);
- one: POST authorizing one request from its page (lock, rules, status, step, audit row);
- bulk: POST of the confirmation authorizing 500 at once (one transaction).
Server CPU per request is read from the gunicorn processes (psutil), side by side in one run.
The last line prints ``queue_ratio=`` (queue CPU ÷ floor CPU, target ≤ 1.5) and
``bulk_ratio=`` (bulk-of-500 CPU ÷ one CPU, target ≤ 3).

    .venv/bin/python bench/establishments.py --count 200 --bulk 10
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.data import ensure_database
from bench.harness import (
    CSRF_INPUT,
    ROOT,
    Client,
    gunicorn,
    measure,
    measure_side_by_side,
    prepare,
    report,
    server_env,
)

FLOOR = "/medicaments-exception/a-propos/"
QUEUE = "/etablissements/autorisation/"
CONFIRM = "/etablissements/autorisation/confirmer/"
BULK = 500


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", default="postgres://postgres@127.0.0.1:5432/bench_establishments"
    )
    parser.add_argument("--total", type=int, default=1_000_000)
    parser.add_argument("--pending", type=int, default=50_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--count", type=int, default=200, help="floor/queue requests each")
    parser.add_argument(
        "--bulk", type=int, default=10, help="bulk authorizations of 500 (and as many of one)"
    )
    parser.add_argument("--port", type=int, default=8163)
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"))
    args = parser.parse_args()

    ensure_database(args.database)
    env = server_env(
        DATABASE_URL=args.database, REDIS_URL=args.redis, CACHE_KEY_PREFIX="estab-bench"
    )
    env.pop("TEST_DATABASE_NAME", None)
    prepare(env)
    need = BULK * args.bulk + args.bulk + 10
    out = subprocess.run(
        [
            sys.executable,
            "bench/establishments_setup.py",
            "--total",
            str(args.total),
            "--pending",
            str(args.pending),
            "--ids",
            str(need),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    data = json.loads(out.stdout)
    print(
        f"database: payment_requests={data['count']} waiting={data['waiting']} "
        f"generated={data['generated']} generator_s={data['seconds']:.1f}",
        flush=True,
    )
    ids = [tuple(pair) for pair in data["ids"]]
    if len(ids) < need:
        raise SystemExit(
            f"not enough waiting requests ({len(ids)}); raise --pending or lower --bulk"
        )
    singles, bulks = ids[: args.bulk], ids[args.bulk :]
    with gunicorn(workers=args.workers, env=env, port=args.port) as server:
        client = Client(args.port)
        home = client.follow(
            client.submit(
                "/compte/connexion/", {"username": data["username"], "password": data["password"]}
            )
        )
        page = client.get(QUEUE)
        match = CSRF_INPUT.search(page.body)
        if home.status != 200 or page.status != 200 or match is None:
            raise RuntimeError(f"login or queue refused ({home.status}, {page.status})")
        token = match.group(1)

        def floor(i: int) -> None:
            response = client.get(FLOOR)
            assert response.status == 200, response.status

        def queue(i: int) -> None:
            response = client.get(QUEUE)
            assert response.status == 200 and "Autoriser les demandes cochées" in response.body

        def one(i: int) -> None:
            _pk, reference = singles[i]
            response = client.post(
                f"{QUEUE}{reference}/", {"csrfmiddlewaretoken": token, "action": "authorize"}
            )
            assert response.status == 302, response.status

        def bulk(i: int) -> None:
            chosen = sorted(pk for pk, _ref in bulks[i * BULK : (i + 1) * BULK])
            response = client.post(
                CONFIRM,
                {
                    "csrfmiddlewaretoken": token,
                    "confirm": "1",
                    "ids": ",".join(map(str, chosen)),
                    "count": str(BULK),
                    "total": f"{BULK * float(data['total']):.2f}",
                },
            )
            assert response.status == 302, response.status
            assert "autoris" in client.get(QUEUE).body

        def bulk_at(i: int, _ignored: int) -> None:
            bulk(i)

        for i in range(20):  # warm-up: imports, connections, caches
            floor(i)
            queue(i)
        pages = measure_side_by_side(server, args.count, {"floor": floor, "queue": queue})
        ones = measure(server, args.bulk, one)
        bulk_cpu = 0.0
        for i in range(args.bulk):
            part = measure(server, 1, functools.partial(bulk_at, i))
            bulk_cpu += part.server_cpu_seconds
        # the queue GET made after each bulk POST (to read its message) is not the bulk's cost
        after = measure(server, args.bulk, queue)
        bulk_cpu -= after.server_cpu_seconds
    floor_ms = pages["floor"].cpu_per_request * 1000
    queue_ms = pages["queue"].cpu_per_request * 1000
    one_ms = ones.cpu_per_request * 1000
    bulk_ms = bulk_cpu / args.bulk * 1000
    print(
        f"floor_cpu_ms={floor_ms:.2f} queue_cpu_ms={queue_ms:.2f} "
        f"floor_median_ms={pages['floor'].median_latency * 1000:.2f} "
        f"queue_median_ms={pages['queue'].median_latency * 1000:.2f} "
        f"one_cpu_ms={one_ms:.2f} bulk500_cpu_ms={bulk_ms:.2f}",
        flush=True,
    )
    report(queue_ratio=queue_ms / floor_ms, bulk_ratio=bulk_ms / one_ms)


if __name__ == "__main__":
    main()
