"""The cluster's reverse proxy: HAProxy from Debian's packages, its configuration and the page it
answers when no app server can take a request."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

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
