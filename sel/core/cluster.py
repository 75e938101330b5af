"""The portal as a cluster on one machine (issue #16): HAProxy in front of two gunicorn app servers
with the production settings, two task workers, one PostgreSQL database and one Redis, all on
loopback. ``manage.py cluster`` (``make cluster``) and the fault tests (``tests/faults/``) start the
same ``Cluster``.

PostgreSQL is the server named by ``DATABASE_URL`` (a database of the cluster's own is created
there); Redis is a ``redis-server`` started on the cluster's own port, so a test may stop it without
touching anyone else's. Every process is started in its own session and stopped by its process
group: nothing is left running once ``stop()`` returns.
"""

from __future__ import annotations

import http.client
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[2]

# What the proxy answers when no app server can take a request (all marked down, or its queue
# waited too long): the same bilingual words as the app's own busy page, and a Retry-After.
PROXY_503 = (
    "HTTP/1.1 503 Service Unavailable\r\n"
    "Content-Type: text/html; charset=utf-8\r\n"
    "Cache-Control: no-store\r\n"
    "Retry-After: 5\r\n"
    "Connection: close\r\n"
    "\r\n"
    '<!DOCTYPE html><html lang="fr-CA"><head><meta charset="utf-8">'
    "<title>Service momentanément indisponible / Service unavailable – SEL</title></head><body>"
    "<main><h1>Service momentanément indisponible</h1>"
    "<p>Rien n'a été enregistré. Réessayez dans quelques secondes.</p>"
    '<p lang="en">The service is unavailable for a moment. Nothing was saved. '
    "Please try again in a few seconds.</p></main></body></html>\n"
)


def haproxy_config(
    *, port: int, servers: list[int], error_file: Path, stats_socket: Path, server_maxconn: int
) -> str:
    """The proxy: health checks on /healthz every half second (down after 2 failures, up after 2
    successes); a request whose connection to a server failed is sent to the other one, and an
    idempotent request (GET, HEAD) is also retried on an empty answer or a time-out; a POST that
    reached a server is never sent twice.

    Overload: each server gets at most ``server_maxconn`` requests at once (its request threads
    less one per process, kept free for the health checks);
    the others wait in the proxy's queue, and one that waited 2 s (as long as a server process
    lets a request wait for a slot, OVERLOAD_WAIT_SECONDS) gets the 503 page with Retry-After."""
    lines = [
        "global",
        "    maxconn 4096",
        f"    stats socket {stats_socket} mode 600 level admin",
        "defaults",
        "    mode http",
        "    timeout connect 1s",
        "    timeout client 30s",
        "    timeout server 30s",
        "    timeout queue 2s",
        "    timeout check 2s",
        "    timeout http-request 10s",
        "    retries 3",
        "    option redispatch 1",
        "    option forwardfor",
        f"    errorfile 503 {error_file}",
        "frontend sel",
        f"    bind 127.0.0.1:{port}",
        "    default_backend app",
        "backend app",
        "    balance leastconn",
        "    retry-on conn-failure empty-response response-timeout",
        "    http-request disable-l7-retry unless METH_GET || METH_HEAD",
        "    option httpchk",
        "    http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host 127.0.0.1",
        "    http-check expect status 200",
        "    default-server inter 500ms fastinter 250ms downinter 500ms fall 2 rise 2",
    ]
    lines += [
        f"    server app{n} 127.0.0.1:{p} check maxconn {server_maxconn}"
        for n, p in enumerate(servers, 1)
    ]
    return "\n".join(lines) + "\n"


def database_url_named(url: str, name: str) -> str:
    """``url`` with its database name replaced by ``name``."""
    parsed = urlparse(url)
    return urlunparse(parsed._replace(path=f"/{name}"))


def _database_connect(url: str):
    import psycopg

    parsed = urlparse(url)
    return psycopg.connect(
        host=parsed.hostname or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password or None,
        dbname=parsed.path.lstrip("/") or "postgres",
        autocommit=True,
        connect_timeout=30,
    )


def database_recreate(url: str) -> None:
    """Drop and create the database ``url`` names (connected through the server's ``postgres``
    database)."""
    name = urlparse(url).path.lstrip("/")
    with _database_connect(database_url_named(url, "postgres")) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def database_create_if_missing(url: str) -> None:
    name = urlparse(url).path.lstrip("/")
    with _database_connect(database_url_named(url, "postgres")) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if found is None:
            conn.execute(f'CREATE DATABASE "{name}"')


def database_terminate_connections(url: str) -> int:
    """``pg_terminate_backend`` on every connection to the database ``url`` names (fault 3)."""
    name = urlparse(url).path.lstrip("/")
    with _database_connect(database_url_named(url, "postgres")) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
    return len(rows)


def http_status(port: int, path: str = "/healthz", timeout: float = 2.0) -> int | None:
    """The status a GET of ``path`` answers on loopback, or None if nothing answers."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        return conn.getresponse().status
    except OSError:
        return None
    finally:
        conn.close()


@dataclass
class Process:
    """One program of the cluster, restartable under the same name and command."""

    name: str
    command: list[str]
    env: dict[str, str]
    log: Path
    popen: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.popen = subprocess.Popen(  # noqa: S603 - our own fixed commands
                self.command,
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    @property
    def pid(self) -> int:
        assert self.popen is not None
        return self.popen.pid

    def signal_group(self, signum: int) -> None:
        if self.popen is not None:
            with suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signum)

    def kill(self) -> None:
        """SIGKILL to the whole process group (a gunicorn master and its workers die together)."""
        self.signal_group(signal.SIGKILL)
        if self.popen is not None:
            self.popen.wait()

    def stop(self, timeout: float = 15) -> None:
        if self.popen is None:
            return
        if self.popen.poll() is None:
            self.signal_group(signal.SIGTERM)
            with suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout=timeout)
        # Whatever of the group outlived its leader (a gunicorn worker, a child) goes too.
        self.signal_group(signal.SIGKILL)
        with suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=5)


@dataclass
class Cluster:
    """HAProxy on ``base_port``, app servers on the next ports, then Redis. ``workdir`` holds the
    proxy's configuration, the Redis directory and one log per process."""

    database_url: str
    base_port: int
    workdir: Path
    app_servers: int = 2
    task_workers: int = 2
    gunicorn_workers: int = 2
    gunicorn_threads: int = 4
    extra_env: dict[str, str] = field(default_factory=dict)
    processes: dict[str, Process] = field(default_factory=dict)

    @property
    def proxy_port(self) -> int:
        return self.base_port

    def app_port(self, index: int) -> int:
        return self.base_port + 1 + index

    @property
    def redis_port(self) -> int:
        return self.base_port + 1 + self.app_servers

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}/"

    @property
    def stats_socket(self) -> Path:
        return self.workdir / "haproxy.sock"

    def proxy_servers(self) -> dict[str, tuple[str, int]]:
        """What the proxy says of each app server: its state (UP, DOWN, …) and the requests it
        sent it so far."""
        import socket

        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(2)
            sock.connect(str(self.stats_socket))
            sock.sendall(b"show stat\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        lines = data.decode().splitlines()
        header = lines[0].lstrip("# ").split(",")
        servers = {}
        for line in lines[1:]:
            row = dict(zip(header, line.split(","), strict=False))
            if row.get("pxname") == "app" and row.get("svname", "").startswith("app"):
                servers[row["svname"]] = (row["status"], int(row["stot"] or 0))
        return servers

    def serving_cpu_seconds(self) -> float:
        """User + system CPU of the proxy and the app servers (gunicorn masters and workers, dead
        workers' included through their parents' children times): what serving requests costs,
        whatever else the machine runs."""
        import psutil

        total = 0.0
        for name, process in self.processes.items():
            if not (name == "haproxy" or name.startswith("app")) or not process.running:
                continue
            try:
                leader = psutil.Process(process.pid)
                for proc in [leader, *leader.children(recursive=True)]:
                    times = proc.cpu_times()
                    total += times.user + times.system + times.children_user + times.children_system
            except psutil.NoSuchProcess:
                continue
        return total

    def environment(self) -> dict[str, str]:
        """The production settings (DEBUG off), on loopback without TLS: the proxy is the only
        client of the app servers, so its X-Forwarded-For gives the client address."""
        env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_BASE_URL": f"http://127.0.0.1:{self.proxy_port}",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "TRUSTED_PROXY_COUNT": "1",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "MEDIA_ROOT": str(self.workdir / "media"),
            "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
            "DJANGO_SETTINGS_MODULE": "sel.settings",
            "PYTHONPATH": str(ROOT),
        }
        for name in ("DJANGO_ALLOW_ASYNC_UNSAFE", "TEST_DATABASE_NAME"):
            env.pop(name, None)
        env.update(self.extra_env)
        return env

    def _add(self, name: str, command: list[str], env: dict[str, str]) -> Process:
        process = Process(name, command, env, self.workdir / f"{name}.log")
        self.processes[name] = process
        return process

    def manage(self, *args: str, env: dict[str, str] | None = None) -> None:
        subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env or self.environment(),
            check=True,
            stdin=subprocess.DEVNULL,
        )

    def prepare_database(self) -> None:
        """Migrations and the static files' manifest (the production settings serve them)."""
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("createcachetable")
        self.manage("collectstatic", "--noinput", "-v", "0")

    def start(self, *, prepare: bool = True) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        (self.workdir / "media").mkdir(exist_ok=True)
        (self.workdir / "redis").mkdir(exist_ok=True)
        haproxy = haproxy_path()
        env = self.environment()
        self._add(
            "redis",
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.workdir / "redis")],
            env,
        )  # fmt: skip
        self.processes["redis"].start()
        self.wait_for(lambda: _redis_answers(self.redis_port), "redis", 10)
        if prepare:
            self.prepare_database()
        for index in range(self.app_servers):
            server_env = {
                **env,
                "GUNICORN_BIND": f"127.0.0.1:{self.app_port(index)}",
                "GUNICORN_WORKERS": str(self.gunicorn_workers),
                "GUNICORN_THREADS": str(self.gunicorn_threads),
            }
            self._add(
                f"app{index + 1}",
                [sys.executable, "-m", "gunicorn", "sel.wsgi", "-c", "gunicorn.conf.py",
                 "--access-logfile", "/dev/null"],
                server_env,
            )  # fmt: skip
        for index in range(self.task_workers):
            self._add(f"worker{index + 1}", [sys.executable, "manage.py", "worker"], env)
        error_file = self.workdir / "503.http"
        error_file.write_text(PROXY_503, encoding="utf-8")
        config = self.workdir / "haproxy.cfg"
        config.write_text(
            haproxy_config(
                port=self.proxy_port,
                servers=[self.app_port(i) for i in range(self.app_servers)],
                error_file=error_file,
                stats_socket=self.stats_socket,
                server_maxconn=self.gunicorn_workers * (self.gunicorn_threads - 1),
            )
        )
        self._add("haproxy", [haproxy, "-db", "-f", str(config)], env)
        for name, process in self.processes.items():
            if name != "redis":
                process.start()
        for index in range(self.app_servers):
            self.wait_app_server(index)
        self.wait_for(lambda: http_status(self.proxy_port) == 200, "the proxy", 30)

    def wait_for(self, ready: object, what: str, seconds: float) -> float:
        """Polls ``ready()`` until true; returns the seconds it took. Fails if a process died."""
        started = time.monotonic()
        while not ready():  # type: ignore[operator]
            if time.monotonic() - started > seconds:
                raise RuntimeError(f"{what} not ready after {seconds} s; logs in {self.workdir}")
            time.sleep(0.1)
        return time.monotonic() - started

    def wait_app_server(self, index: int, seconds: float = 60) -> float:
        port, process = self.app_port(index), self.processes[f"app{index + 1}"]

        def ready() -> bool:
            if not process.running:
                raise RuntimeError(f"app server {index + 1} exited: {self.log_tail(process.name)}")
            return http_status(port) == 200

        return self.wait_for(ready, f"app server {index + 1}", seconds)

    def stop(self) -> None:
        """Stops every process, the proxy first, Redis last."""
        order = ["haproxy", *[n for n in self.processes if n not in {"haproxy", "redis"}], "redis"]
        for name in order:
            if name in self.processes:
                self.processes[name].stop()

    def log_tail(self, name: str, lines: int = 40) -> str:
        path = self.workdir / f"{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def _redis_answers(port: int) -> bool:
    import redis

    try:
        return bool(redis.Redis(port=port, socket_connect_timeout=0.5).ping())
    except redis.exceptions.RedisError:
        return False


def haproxy_path() -> str:
    """HAProxy from Debian's packages, installed (apt-get, as root or by sudo) when missing."""
    found = shutil.which("haproxy") or (
        "/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None
    )
    if found:
        return found
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "haproxy"]):
        subprocess.run([*sudo, *command], check=True, env=env)  # noqa: S603
    return shutil.which("haproxy") or "/usr/sbin/haproxy"


@contextmanager
def running_cluster(cluster: Cluster) -> Iterator[Cluster]:
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
