"""Issue #16: the mixed load of bench/locustfile.py (Locust, headless) on one app server and on two
behind HAProxy, side by side in one run (rounds alternate: one, two, one, two, …), on the same
PostgreSQL database. Prints requests/s, p50, p95 and p99 per kind and the errors of each, then the
ratio of the two throughputs (target: two servers ≥ 0.9× one on this 2-core machine).

One server: gunicorn with 4 processes, reached directly. Two servers: 2 processes each, behind
HAProxy (sel/core/cluster/, as ``make cluster``): the same number of processes on the same cores,
plus the proxy. Both run the production settings with Redis for sessions and counters.

Every virtual user logs in from 127.0.0.1: the per-address limits of logins and access requests
(LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE, ACCESS_REQUESTS_PER_ADDRESS_PER_HOUR) are raised for the
run, so the counters are still counted (same cost) but do not refuse the benchmark's own traffic.

    .venv/bin/python bench/cluster.py --seconds 30 --rounds 2 --users 24
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sel.settings")

from sel.core.cluster import Cluster, database_recreate, database_url_named  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test"
BENCH_ENV = {
    "LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE": "1000000",
    "ACCESS_REQUESTS_PER_ADDRESS_PER_HOUR": "1000000",
    "LOG_LEVEL": "ERROR",
}
Row = dict[str, str]


ACCOUNTS_CODE = """
from sel.access.models import Grant
from sel.accounts.models import User
source = User.objects.get(username="IP100001")
grants = list(Grant.objects.filter(user=source))
for n in range({count}):
    user = User.objects.get(pk=source.pk)
    user.pk = user.id = None
    user.username, user.email, user.alias = f"IP7{{n:05d}}", f"bench{{n}}@demo.sel.example", None
    user.save()
    for grant in grants:
        grant.pk = grant.id = None
        grant.user = user
        grant.save()
"""


def locust(host: str, *, users: int, seconds: int, prefix: Path) -> dict[str, Row]:
    """One headless Locust run; its statistics per request name (and "Aggregated")."""
    subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
         "--headless", "-u", str(users), "-r", str(users), "-t", f"{seconds}s",
         "--host", host, "--csv", str(prefix), "--only-summary", "--loglevel", "ERROR",
         "--stop-timeout", "5"],
        cwd=ROOT, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "BENCH_ACCOUNTS": str(users)},
    )  # fmt: skip
    with open(f"{prefix}_stats.csv", newline="") as stats:
        return {row["Name"]: row for row in csv.DictReader(stats)}


def show(target: str, runs: list[dict[str, Row]]) -> float:
    """Per kind: requests/s (mean of the rounds), p50/p95/p99 (median of the rounds), errors."""
    print(f"\n{target}")
    print(f"  {'kind':<24}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'errors':>8}")
    names = [n for n in runs[0] if n != "Aggregated"] + ["Aggregated"]
    total = 0.0
    for name in names:
        rows = [run[name] for run in runs if name in run and run[name]["50%"] != "N/A"]
        if not rows:
            continue
        rps = statistics.mean(float(r["Requests/s"]) for r in rows)
        p50, p95, p99 = (
            statistics.median(float(r[q]) for r in rows) for q in ("50%", "95%", "99%")
        )
        errors = sum(int(r["Failure Count"]) for r in rows)
        print(f"  {name:<24}{rps:>8.1f}{p50:>8.0f}{p95:>8.0f}{p99:>8.0f}{errors:>8}")
        if name == "Aggregated":
            total = rps
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--users", type=int, default=24)
    parser.add_argument("--database", default="bench_cluster")
    args = parser.parse_args()
    url = database_url_named(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL, args.database)
    database_recreate(url)
    work = Path(tempfile.mkdtemp(prefix="sel-bench-cluster-"))
    one = Cluster(database_url=url, base_port=18600, workdir=work / "one", app_servers=1,
                  gunicorn_workers=4, task_workers=1, extra_env=BENCH_ENV)  # fmt: skip
    two = Cluster(database_url=url, base_port=18700, workdir=work / "two", app_servers=2,
                  gunicorn_workers=2, task_workers=1, extra_env=BENCH_ENV)  # fmt: skip
    try:
        one.start()
        one.manage("demo_data", env={**one.environment(), "DEBUG": "1"})
        one.manage("shell", "-c", ACCOUNTS_CODE.format(count=args.users))
        two.start(prepare=False)
        targets = {
            "one server (gunicorn, 4 processes, direct)": f"http://127.0.0.1:{one.app_port(0)}",
            "two servers (2 processes each) behind HAProxy": two.url.rstrip("/"),
        }
        for k, host in enumerate(targets.values()):  # warm-up: processes, connections, caches
            locust(host, users=args.users, seconds=5, prefix=work / f"warmup-{k}")
        runs: dict[str, list[dict[str, Row]]] = {name: [] for name in targets}
        for n in range(args.rounds):
            for k, (name, host) in enumerate(targets.items()):
                prefix = work / f"round{n}-{k}"
                runs[name].append(
                    locust(host, users=args.users, seconds=args.seconds, prefix=prefix)
                )
        totals = [show(name, rounds) for name, rounds in runs.items()]
    finally:
        two.stop()
        one.stop()
    print(
        f"\nusers={args.users} seconds={args.seconds} rounds={args.rounds} load={os.getloadavg()}"
    )
    print(f"one_rps={totals[0]:.1f} two_rps={totals[1]:.1f} ratio={totals[1] / totals[0]:.3f}")


if __name__ == "__main__":
    main()
