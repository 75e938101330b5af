"""Consultation by NAM + drug (DESIGN.md §5, issue #5), through gunicorn with several workers on
PostgreSQL, by a logged-in pharmacist, against a floor page in the same run.

For each database (a small one with 100 thousand requests, a large one with 10 million, created
and filled by ``manage.py generate_exception_data`` the first time, with a progress bar, and
reused afterwards: bench/data.py):
- floor: GET of an authenticated page rendering the same base template with no business query;
- consultation: POST of the NAM + drug form (grant check, access rules, query, audit row, results).
Server CPU per request is read from the gunicorn processes (psutil), so this client's CPU does not
count. The last line prints ``ratio=`` (floor CPU ÷ consultation CPU, on the large database),
``scale=`` (median consultation latency large ÷ small) and ``consults_per_s=`` (large database,
several clients at once).

    .venv/bin/python bench/consult.py --count 1000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.data import LARGE, SMALL, ensure_exception_data
from bench.harness import (
    CSRF_INPUT,
    ROOT,
    Client,
    Measure,
    Server,
    concurrent_per_second,
    gunicorn,
    measure_side_by_side,
    report,
    server_env,
)

CONSULT = "/medicaments-exception/"
FLOOR = "/medicaments-exception/a-propos/"


@dataclass
class Phase:
    requests: int
    floor: Measure
    consult: Measure
    consults_per_s: float

    @property
    def ratio(self) -> float:
        return self.floor.cpu_per_request / self.consult.cpu_per_request


def setup(env: dict[str, str], samples: int) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "bench/consult_setup.py", str(samples)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    data: dict[str, object] = json.loads(out.stdout)
    return data


def logged_in(port: int, username: str, password: str) -> tuple[Client, str]:
    client = Client(port)
    home = client.follow(
        client.submit("/compte/connexion/", {"username": username, "password": password})
    )
    if home.status != 200 or "sel_session" not in client.cookies:
        raise RuntimeError(f"login failed (status {home.status})")
    page = client.get(CONSULT)
    match = CSRF_INPUT.search(page.body)
    if page.status != 200 or match is None:
        raise RuntimeError(f"consultation page refused (status {page.status})")
    return client, match.group(1)


def run_phase(
    url: str, size: dict[str, int], *, workers: int, count: int, clients: int, port: int,
    log_level: str, redis: str,
) -> Phase:  # fmt: skip
    ensure_exception_data(url, **size)
    env = server_env(DATABASE_URL=url, REDIS_URL=redis,
                     CACHE_KEY_PREFIX="drugs-bench", LOG_LEVEL=log_level)  # fmt: skip
    env.pop("TEST_DATABASE_NAME", None)
    data = setup(env, samples=count)
    pairs = [tuple(p) for p in data["pairs"]]  # type: ignore[attr-defined]
    username, password = str(data["username"]), str(data["password"])
    with gunicorn(workers=workers, env=env, port=port) as server:
        client, token = logged_in(port, username, password)

        def floor(i: int) -> None:
            response = client.get(FLOOR)
            assert response.status == 200, response.status

        def consult(i: int) -> None:
            nam, din = pairs[i % len(pairs)]
            response = client.post(CONSULT, {"csrfmiddlewaretoken": token, "nam": nam, "drug": din})
            assert response.status == 200 and "Demandes trouvées" in response.body, response.status

        for i in range(min(50, count)):  # warm-up: imports, connections, caches
            floor(i)
            consult(i)
        measures = measure_side_by_side(server, count, {"floor": floor, "consult": consult})
        floor_measure, consult_measure = measures["floor"], measures["consult"]
        per_s = concurrent_consults(server, port, username, password, pairs, count, clients)
    return Phase(int(str(data["count"])), floor_measure, consult_measure, per_s)


def concurrent_consults(
    server: Server, port: int, username: str, password: str, pairs: list[tuple[object, ...]],
    count: int, clients: int,
) -> float:  # fmt: skip
    """Consultations per second with several logged-in pharmacists at once."""
    sessions = [logged_in(port, username, password) for _ in range(clients)]
    per_client = max(count // clients, 1)
    errors: list[str] = []

    def work(index: int) -> None:
        client, token = sessions[index]
        for i in range(per_client):
            nam, din = pairs[(index * per_client + i) % len(pairs)]
            response = client.post(
                CONSULT, {"csrfmiddlewaretoken": token, "nam": str(nam), "drug": str(din)}
            )
            if response.status != 200:
                errors.append(str(response.status))

    per_s = concurrent_per_second(clients, per_client, work)
    if errors:
        raise RuntimeError(f"{len(errors)} consultations failed: {errors[:5]}")
    return per_s


def describe(name: str, phase: Phase) -> None:
    print(
        f"{name}: requests_in_db={phase.requests} "
        f"floor_cpu_ms={phase.floor.cpu_per_request * 1000:.2f} "
        f"consult_cpu_ms={phase.consult.cpu_per_request * 1000:.2f} "
        f"ratio={phase.ratio:.3f} "
        f"floor_median_ms={phase.floor.median_latency * 1000:.2f} "
        f"consult_median_ms={phase.consult.median_latency * 1000:.2f} "
        f"consults_per_s={phase.consults_per_s:.1f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", default="postgres://postgres@127.0.0.1:5432/bench_drugs_small")
    parser.add_argument("--large", default="postgres://postgres@127.0.0.1:5432/bench_drugs")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--count", type=int, default=400, help="requests per measured phase")
    parser.add_argument("--clients", type=int, default=3)
    parser.add_argument("--port", type=int, default=8153)
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"))
    parser.add_argument(
        "--log-level", default="WARNING", help="INFO also writes each audit event's log line"
    )
    args = parser.parse_args()
    options = {"workers": args.workers, "count": args.count, "clients": args.clients,
               "port": args.port, "log_level": args.log_level, "redis": args.redis}  # fmt: skip
    small = run_phase(args.small, SMALL, **options)
    describe("small", small)
    large = run_phase(args.large, LARGE, **options)
    describe("large", large)
    report(
        ratio=large.ratio,
        scale=large.consult.median_latency / small.consult.median_latency,
        consults_per_s=large.consults_per_s,
        small_requests=small.requests,
        large_requests=large.requests,
    )


if __name__ == "__main__":
    main()
