"""Login cost (DESIGN.md §5, SECURITY.md #37, issue "Accounts"): real logins through gunicorn with
several workers on PostgreSQL (Redis for sessions and throttle counters), each one a browser's
three requests: GET the login form, POST it, follow the redirect to the home page.

Measured in the same run:
(a) the server processes' CPU time per successful login (psutil on the gunicorn master and
    workers, so this client's CPU does not count);
(b) the CPU time of one Argon2id verification with the server's parameters (same hasher class,
    in this process, median of many).
The last line prints ``hash_share=`` (b ÷ a; target ≥ 0.80) and ``logins_per_s=`` (several
clients at once).

    .venv/bin/python bench/login.py --count 60 --per-client 15
    .venv/bin/python bench/login.py --count 40 --per-client 10 --time-cost 2   # OWASP minimum

The server runs with ARGON2_TIME_COST=12 and ARGON2_MEMORY_KIB=19456 by default (see
bench/RESULTS.md: at OWASP's minimum, t=2, the hash is only about half of a login's CPU).
A database ``bench_accounts`` is created on the PostgreSQL server if missing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def one_login(client: Client, n: int) -> None:
    client.cookies = SimpleCookie()  # a new visitor on the same keep-alive connection
    response = client.submit(
        "/compte/connexion/", {"username": f"ce{700000 + n % USERS}", "password": PASSWORD}
    )
    if response.status != 302 or response.headers.get("location") != "/":
        raise RuntimeError(f"login {n} failed: {response.status} {response.body[:200]}")
    home = client.follow(response)
    if home.status != 200 or "Banc" not in home.body:
        raise RuntimeError(f"home after login {n}: {home.status}")


class HashTimer:
    """CPU time of one verification by the server's own hasher class with the server's
    parameters, taken between the logins so that both see the same machine load."""

    def __init__(self, env: dict[str, str]) -> None:
        # The server's settings (its ARGON2_* parameters among them), read by the hasher class.
        os.environ.update(env)
        from sel.accounts.hashers import SelArgon2PasswordHasher

        self.hasher = SelArgon2PasswordHasher()
        self.encoded = self.hasher.encode(PASSWORD, self.hasher.salt())
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"))
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--count", type=int, default=60, help="sequential logins measured")
    parser.add_argument("--clients", type=int, default=3)
    parser.add_argument("--per-client", type=int, default=30)
    parser.add_argument("--port", type=int, default=8163)
    parser.add_argument("--time-cost", type=int, default=12, help="ARGON2_TIME_COST of the server")
    parser.add_argument("--memory-kib", type=int, default=19456, help="ARGON2_MEMORY_KIB")
    args = parser.parse_args()
    if args.time_cost < 2 or args.memory_kib < 19456:
        parser.error("never below OWASP's minimum (m=19456 KiB, t=2)")

    ensure_database(args.database)
    env = server_env(
        DATABASE_URL=args.database,
        REDIS_URL=args.redis,
        CACHE_KEY_PREFIX="bench-login",
        LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE="1000000",  # one client address drives every login
        GUNICORN_WORKERS=str(args.workers),
        ARGON2_TIME_COST=str(args.time_cost),
        ARGON2_MEMORY_KIB=str(args.memory_kib),
        ARGON2_PARALLELISM="1",
    )
    env.pop("TEST_DATABASE_NAME", None)
    prepare(env)
    manage("shell", "-c", CREATE_USERS, env=env)
    with gunicorn(workers=args.workers, env=env, port=args.port) as server:
        warm = Client(server.port)
        for n in range(args.workers * 3):
            one_login(warm, n)
        client = Client(server.port)
        timer = HashTimer(env)

        def login_then_hash(n: int) -> None:
            one_login(client, n)
            timer.once()  # this process's CPU: not in the server's figure

        logins = measure(server, args.count, login_then_hash)
        rate = concurrent_rate(server.port, args.clients, args.per_client)
    hash_cpu = timer.median
    print(
        f"argon2=m{args.memory_kib},t{args.time_cost},p1 workers={args.workers} "
        f"logins={args.count} "
        f"server_cpu_ms_per_login={logins.cpu_per_request * 1000:.2f} "
        f"hash_cpu_ms={hash_cpu * 1000:.2f}",
        flush=True,
    )
    report(hash_share=hash_cpu / logins.cpu_per_request, logins_per_s=rate)


if __name__ == "__main__":
    main()
