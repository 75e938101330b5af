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

import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sel.core.cluster.process import ROOT, Process, http_status, redis_answers
from sel.core.cluster.proxy import PROXY_503, haproxy_config, haproxy_path


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
        self.wait_for(lambda: redis_answers(self.redis_port), "redis", 10)
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


@contextmanager
def running_cluster(cluster: Cluster) -> Iterator[Cluster]:
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
