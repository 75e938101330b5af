"""Login cost (DESIGN.md §5, SECURITY.md #37, issue #13): real logins through gunicorn with
several workers on PostgreSQL (Redis for sessions and throttle counters), each one as a browser
makes it: GET the login form, POST it (a new visitor each time; the answer must be the redirect
to the home page with a session cookie).

Measured in the same run, one login then one hash, alternately:
(a) the server processes' CPU time per login (psutil on the gunicorn master and workers, so this
    client's CPU does not count);
(b) the CPU time of one Argon2id verification at the same parameters (the server's own hasher
    class, in this process, median).
Printed: both, ``around_ms`` (a − b: form, CSRF, session, throttle counters, user lookup, audit
row), ``hash_share`` (b ÷ a; target ≥ 0.75 at t=2), ``around_per_hash`` (target ≤ 0.33),
``logins_per_s_per_core`` (1 ÷ a) and ``logins_per_s`` (several clients at once).

    .venv/bin/python bench/login.py                  # t=2, OWASP's parameters (the default)
    .venv/bin/python bench/login.py --time-cost 8
    .venv/bin/python bench/login.py --capacity       # the table for t = 2, 4, 8, 12

The database ``bench_accounts`` is created on the PostgreSQL server when missing and migrated;
its benchmark accounts are (re)written at each run with a hash at the parameters measured.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.data import ensure_database
from bench.harness import (
    Client,
    concurrent_per_second,
    gunicorn,
    manage,
    measure,
    prepare,
    report,
    server_env,
)

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/bench_accounts"
PASSWORD = "une phrase de passe de banc d'essai"  # noqa: S105 (benchmark accounts only)
USERS = 40
CAPACITY_TIME_COSTS = (2, 4, 8, 12)
CREATE_USERS = f"""
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from sel.accounts.models import User
encoded = make_password({PASSWORD!r})
for n in range({USERS}):
    User.objects.update_or_create(
        username=f"CE{{700000 + n}}",
        defaults=dict(email=f"banc{{n}}@exemple.qc.ca", first_name="Banc", last_name=str(n),
                      role="pharmacist", password=encoded, password_changed_at=timezone.now(),
                      locked_at=None, must_change_password=False, must_set_questions=False),
    )
"""


def one_login(client: Client, n: int) -> None:
    """GET the form, POST it: a successful login is the redirect home with a session cookie."""
    client.cookies = SimpleCookie()  # a new visitor on the same keep-alive connection
    response = client.submit(
        "/compte/connexion/", {"username": f"ce{700000 + n % USERS}", "password": PASSWORD}
    )
    if response.status != 302 or response.headers.get("location") != "/":
        raise RuntimeError(f"login {n} failed: {response.status} {response.body[:200]}")
    if "sel_session" not in client.cookies:
        raise RuntimeError(f"login {n}: no session cookie")


def checked_home(client: Client) -> None:
    """Once per run, outside the measure: the session opened by a login shows the home page."""
    one_login(client, 0)
    home = client.get("/")
    if home.status != 200 or "Banc" not in home.body:
        raise RuntimeError(f"home after login: {home.status}")


class HashTimer:
    """CPU time of one verification by the server's own hasher class with the server's
    parameters, taken between the logins so that both see the same machine load."""

    def __init__(self, env: dict[str, str]) -> None:
        # The server's settings (its ARGON2_* parameters among them), read by the hasher class.
        os.environ.update(env)
        from django.conf import settings

        from sel.accounts.hashers import SelArgon2PasswordHasher

        # Settings are read once per process: with --capacity, each run sets its own parameters.
        for name in ("ARGON2_TIME_COST", "ARGON2_MEMORY_KIB", "ARGON2_PARALLELISM"):
            setattr(settings, name, int(env[name]))
        self.hasher = SelArgon2PasswordHasher()
        self.encoded = self.hasher.encode(PASSWORD, self.hasher.salt())
        params = self.hasher.decode(self.encoded)
        if params["time_cost"] != int(env["ARGON2_TIME_COST"]):
            raise RuntimeError("the hash timer does not use the server's parameters")
        self.samples: list[float] = []

    def once(self) -> None:
        started = time.process_time()
        if not self.hasher.verify(PASSWORD, self.encoded):
            raise RuntimeError("verification failed")
        self.samples.append(time.process_time() - started)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)


def concurrent_rate(port: int, clients: int, per_client: int) -> float:
    errors: list[str] = []

    def work(index: int) -> None:
        client = Client(port)
        for i in range(per_client):
            try:
                one_login(client, index * per_client + i)
            except RuntimeError as exc:
                errors.append(str(exc))

    per_s = concurrent_per_second(clients, per_client, work)
    if errors:
        raise RuntimeError(f"{len(errors)} logins failed: {errors[:3]}")
    return per_s


@dataclass
class Figures:
    time_cost: int
    login_cpu: float
    hash_cpu: float
    per_s: float

    @property
    def around(self) -> float:
        return self.login_cpu - self.hash_cpu


def run(args: argparse.Namespace, time_cost: int) -> Figures:
    env = server_env(
        DATABASE_URL=args.database,
        REDIS_URL=args.redis,
        CACHE_KEY_PREFIX="bench-login",
        LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE="1000000",  # one client address drives every login
        GUNICORN_WORKERS=str(args.workers),
        ARGON2_TIME_COST=str(time_cost),
        ARGON2_MEMORY_KIB=str(args.memory_kib),
        ARGON2_PARALLELISM="1",
    )
    env.pop("TEST_DATABASE_NAME", None)
    prepare(env)
    manage("shell", "-v", "0", "-c", CREATE_USERS, env=env)
    with gunicorn(workers=args.workers, env=env, port=args.port) as server:
        warm = Client(server.port)
        checked_home(warm)
        for n in range(args.workers * 3):
            one_login(warm, n)
        client = Client(server.port)
        timer = HashTimer(env)

        def login_then_hash(n: int) -> None:
            one_login(client, n)
            timer.once()  # this process's CPU: not in the server's figure

        logins = measure(server, args.count, login_then_hash)
        rate = concurrent_rate(server.port, args.clients, args.per_client)
    figures = Figures(time_cost, logins.cpu_per_request, timer.median, rate)
    print(
        f"argon2=m{args.memory_kib},t{time_cost},p1 workers={args.workers} logins={args.count} "
        f"server_cpu_ms_per_login={figures.login_cpu * 1000:.2f} "
        f"hash_cpu_ms={figures.hash_cpu * 1000:.2f} around_ms={figures.around * 1000:.2f}",
        flush=True,
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"))
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--count", type=int, default=100, help="sequential logins measured")
    parser.add_argument("--clients", type=int, default=3)
    parser.add_argument("--per-client", type=int, default=20)
    parser.add_argument("--port", type=int, default=8163)
    parser.add_argument("--time-cost", type=int, default=2, help="ARGON2_TIME_COST of the server")
    parser.add_argument("--memory-kib", type=int, default=19456, help="ARGON2_MEMORY_KIB")
    parser.add_argument(
        "--capacity", action="store_true", help="measure t = 2, 4, 8, 12 and print the table"
    )
    args = parser.parse_args()
    if args.time_cost < 2 or args.memory_kib < 19456:
        parser.error("never below OWASP's minimum (m=19456 KiB, t=2)")

    ensure_database(args.database)
    if not args.capacity:
        figures = run(args, args.time_cost)
        report(
            hash_share=figures.hash_cpu / figures.login_cpu,
            around_per_hash=figures.around / figures.hash_cpu,
            logins_per_s_per_core=1 / figures.login_cpu,
            logins_per_s=figures.per_s,
        )
        return
    table = [run(args, time_cost) for time_cost in CAPACITY_TIME_COSTS]
    print("| t | server CPU per login (ms) | hash (ms) | hash share | logins/s per core |")
    print("|---|---|---|---|---|")
    for f in table:
        print(
            f"| {f.time_cost} | {f.login_cpu * 1000:.1f} | {f.hash_cpu * 1000:.1f} "
            f"| {f.hash_cpu / f.login_cpu:.2f} | {1 / f.login_cpu:.1f} |"
        )


if __name__ == "__main__":
    main()
