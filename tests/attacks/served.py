"""The portal served as in production (gunicorn, 2 worker processes, ``DEBUG=0``) on its own
database, for attacks that need real concurrency: on the suite's back end (a SQLite file and
database counters, or a PostgreSQL database of its own and Redis)."""

from __future__ import annotations

import http.client
import os
import re
import secrets
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlparse, urlunparse

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


def _database_of_its_own(url: str) -> str:
    """A fresh PostgreSQL database beside the suite's, named after its test database."""
    import psycopg

    parsed = urlparse(url)
    base = os.environ.get("TEST_DATABASE_NAME") or f"test_{parsed.path.lstrip('/')}"
    name = f"{base}_served"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parsed._replace(path=f"/{name}"))


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str


@dataclass
class ServedPortal:
    port: int
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = None
    cookies: dict[str, str] = field(default_factory=dict)

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout

    def python(self, code: str) -> str:
        """Runs ``code`` in a Django shell of the served portal (its database, its counters)."""
        return self.manage("shell", "-v", "0", "-c", code).strip()

    def request(
        self, method: str, path: str, *, data: dict[str, str] | None = None, cookies: str = ""
    ) -> Response:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Host": "127.0.0.1", "Cookie": cookies}
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        try:
            conn.request(method, path, body=body, headers=headers)
            answer = conn.getresponse()
            return Response(
                answer.status,
                {k.lower(): v for k, v in answer.getheaders()},
                answer.read().decode(),
            )
        finally:
            conn.close()

    def login_form(self) -> tuple[str, str]:
        """A CSRF cookie and token from the login page, as a browser gets them."""
        page = self.request("GET", "/compte/connexion/")
        cookie = page.headers["set-cookie"].split(";")[0]
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        assert found
        return cookie, found.group(1)

    def counter(self, key: str) -> int:
        """A throttle counter of the served portal, read straight from its store (Redis, or
        the ``core_counter`` table of its database), fast enough to poll during a burst."""
        if self.env.get("REDIS_URL"):
            import redis

            value = redis.Redis.from_url(self.env["REDIS_URL"]).get(
                f"{self.env['CACHE_KEY_PREFIX']}:counter:{key}"
            )
            return int(value) if value is not None else 0
        query = "SELECT count FROM core_counter WHERE key = %s"
        if self.env["DATABASE_URL"]:
            import psycopg

            with psycopg.connect(self.env["DATABASE_URL"]) as conn:
                row = conn.execute(query, (key,)).fetchone()
        else:
            with sqlite3.connect(Path(self.env["SEL_VAR_DIR"]) / "sel.sqlite3") as conn:
                row = conn.execute(query.replace("%s", "?"), (key,)).fetchone()
        return int(row[0]) if row else 0

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None


def portal_serve(tmp_path: Path) -> ServedPortal:
    port = free_port()
    database_url = os.environ.get("DATABASE_URL", "")
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "SEL_VAR_DIR": str(tmp_path),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        # Enough threads that one process can hold a whole burst of guesses at once: a gthread
        # worker accepts every connection it can, so the other process may get none of them, and
        # with 4 threads the fifth guess would wait for a first verdict in every run of bad luck.
        "GUNICORN_THREADS": "12",
        "MAX_CONCURRENT_REQUESTS": "0",
        # A costly hash widens the window between a guess's arrival and its verdict.
        "ARGON2_TIME_COST": "24",
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": _database_of_its_own(database_url) if database_url else "",
        "CACHE_KEY_PREFIX": f"served-{secrets.token_hex(4)}",
        # The burst tests send more than a minute's allowance from one address on purpose.
        "LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE": "1000",
    }
    portal = ServedPortal(port=port, env=env)
    portal.manage("migrate", "-v", "0")
    portal.manage("createcachetable")
    portal.process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "sel.wsgi", "-c", "gunicorn.conf.py",
         "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while True:
        try:
            if portal.request("GET", "/healthz").status == 200:
                return portal
        except OSError:
            time.sleep(0.2)
        if time.monotonic() > deadline:
            portal.stop()
            raise RuntimeError("gunicorn did not start")
