"""Benchmark harness shared by ``bench/*.py``: runs the portal under gunicorn (several workers, the
production settings), drives it with a small keep-alive HTTP client, and reads the CPU time of the
server processes from /proc through psutil, so the load generator's own CPU never counts."""

from __future__ import annotations

import functools
import http.client
import os
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psutil

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def server_env(**extra: str) -> dict[str, str]:
    """Production-like settings (DEBUG off), on loopback without TLS."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "DATABASE_URL": os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL),
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "sel.settings",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(extra)
    return env


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(env: dict[str, str]) -> None:
    """Migrate the benchmark database, create the cache table, collect static files."""
    manage("migrate", "--noinput", "-v", "0", env=env)
    manage("createcachetable", env=env)
    manage("collectstatic", "--noinput", "-v", "0", env=env)


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int

    def processes(self) -> list[psutil.Process]:
        master = psutil.Process(self.process.pid)
        return [master, *master.children(recursive=True)]

    def cpu_seconds(self) -> float:
        """User + system CPU of the gunicorn master and workers (children's times included)."""
        total = 0.0
        for proc in self.processes():
            try:
                times = proc.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
        return total


@contextmanager
def gunicorn(*, workers: int, env: dict[str, str], port: int = 8123) -> Iterator[Server]:
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "sel.wsgi", "-w", str(workers), "-b",
         f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "60"],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    server = Server(process=process, port=port)
    try:
        deadline = time.monotonic() + 180  # a loaded machine may take a minute to import
        while True:
            try:
                if Client(port).get("/healthz").status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=20)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str


@dataclass
class Client:
    """A browser-like client: one keep-alive connection, cookies, CSRF tokens from forms."""

    port: int
    cookies: SimpleCookie = field(default_factory=SimpleCookie)
    conn: http.client.HTTPConnection | None = None

    def _request(self, method: str, path: str, body: str | None = None) -> Response:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "127.0.0.1", "Accept-Language": "fr-CA"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        self.conn.request(method, path, body=body, headers=headers)
        raw = self.conn.getresponse()
        text = raw.read().decode("utf-8", "replace")
        for value in raw.headers.get_all("Set-Cookie") or []:
            self.cookies.load(value)
        return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, text)

    def get(self, path: str) -> Response:
        return self._request("GET", path)

    def post(self, path: str, data: dict[str, str]) -> Response:
        return self._request("POST", path, urlencode(data))

    def submit(self, path: str, data: dict[str, str]) -> Response:
        """GET a form page, then POST it with its CSRF token, as a browser does."""
        page = self.get(path)
        match = CSRF_INPUT.search(page.body)
        if match is None:
            raise RuntimeError(f"no CSRF token on {path} (status {page.status})")
        return self.post(path, {"csrfmiddlewaretoken": match.group(1), **data})

    def follow(self, response: Response) -> Response:
        while response.status in (301, 302, 303):
            response = self.get(response.headers["location"])
        return response


@dataclass
class Measure:
    count: int
    wall_seconds: float
    server_cpu_seconds: float
    latencies: list[float]

    @property
    def cpu_per_request(self) -> float:
        return self.server_cpu_seconds / self.count

    @property
    def median_latency(self) -> float:
        return statistics.median(self.latencies)

    @property
    def per_second(self) -> float:
        return self.count / self.wall_seconds


def measure(server: Server, count: int, one: Callable[[int], None]) -> Measure:
    """Run ``one(i)`` ``count`` times; the server's CPU is read before and after."""
    latencies = []
    cpu_before = server.cpu_seconds()
    started = time.perf_counter()
    for i in range(count):
        t0 = time.perf_counter()
        one(i)
        latencies.append(time.perf_counter() - t0)
    wall = time.perf_counter() - started
    return Measure(count, wall, server.cpu_seconds() - cpu_before, latencies)


def _offset(one: Callable[[int], None], start: int, i: int) -> None:
    one(start + i)


def measure_side_by_side(
    server: Server, count: int, runs: dict[str, Callable[[int], None]], *, rounds: int = 10
) -> dict[str, Measure]:
    """Each of ``runs`` ``count`` times, in ``rounds`` alternating slices (a, b, a, b, ...), so a
    drift of the machine (another job, the CPU's clock) weighs on all of them alike."""
    totals = {name: Measure(0, 0.0, 0.0, []) for name in runs}
    per_round = max(count // rounds, 1)
    for start in range(0, per_round * rounds, per_round):
        for name, one in runs.items():
            part = measure(server, per_round, functools.partial(_offset, one, start))
            total = totals[name]
            total.count += part.count
            total.wall_seconds += part.wall_seconds
            total.server_cpu_seconds += part.server_cpu_seconds
            total.latencies += part.latencies
    return totals


def concurrent_per_second(clients: int, per_client: int, work: Callable[[int], None]) -> float:
    """``work(index)`` in ``clients`` threads at once, each doing ``per_client`` operations;
    returns the operations per second over the whole run."""
    threads = [threading.Thread(target=work, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return clients * per_client / (time.perf_counter() - started)


def report(**values: float | int | str) -> None:
    """The last line of every benchmark: name=value pairs."""
    print(
        " ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in values.items())
    )
