"""Saturation and overload measured side by side in one run (fault 7), with asyncio so that
thousands of waiting requests cost the load generator little.

- Saturation: a closed loop of as many clients as the cluster has request slots, each sending its
  next request as soon as the last one is answered: what the cluster can serve.
- Overload: an open loop sending requests at four times that rate, whatever the answers: what
  clients do to a service that cannot keep up.

The requests are what a logged-in pharmacist does most: the home page and a consultation by NAM
(which writes its audit row), half each, on sessions logged in beforehand.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from sel.core.cluster import Cluster
from tests.faults.load import CSRF_INPUT, DIN, NAM, Browser

TIMEOUT = 35.0


@dataclass(frozen=True)
class Session:
    cookie: str
    csrf: str


@dataclass
class Answer:
    started: float
    seconds: float
    status: int | None
    retry_after: str = ""
    kind: str = ""  # "home" (GET /) or "consult" (POST a consultation)


@dataclass
class Phase:
    name: str
    seconds: float
    answers: list[Answer] = field(default_factory=list)
    server_cpu_seconds: float = 0.0  # the proxy's and the app servers', during the phase

    @property
    def served_per_cpu_second(self) -> float:
        """Requests served per CPU-second of the servers: the load generator and the neighbours
        of a shared machine take CPU from the servers, not from this ratio (DESIGN.md §5)."""
        return sum(1 for a in self.answers if a.status == 200) / self.server_cpu_seconds

    @property
    def served_per_second(self) -> float:
        return sum(1 for a in self.answers if a.status == 200) / self.seconds

    @property
    def sent_per_second(self) -> float:
        return len(self.answers) / self.seconds

    def of_status(self, status: int | None) -> list[Answer]:
        return [a for a in self.answers if a.status == status]

    @property
    def served_consult_share(self) -> float:
        """The consultations' share of what was served: both phases must serve the same mix for
        their throughputs to compare (a consultation costs more than the home page)."""
        served = self.of_status(200)
        return sum(1 for a in served if a.kind == "consult") / len(served) if served else 0.0


def session_of(browser: Browser) -> Session:
    _status, _location, page = browser.request("GET", "/medicaments-exception/")
    match = CSRF_INPUT.search(page)
    assert match is not None, page[:300]
    cookie = "; ".join(f"{k}={m.value}" for k, m in browser.cookies.items())
    return Session(cookie=cookie, csrf=match.group(1))


def _request_bytes(port: int, session: Session, n: int) -> bytes:
    common = f"Host: 127.0.0.1\r\nCookie: {session.cookie}\r\nAccept-Language: fr-CA\r\n"
    if n % 2:
        return f"GET / HTTP/1.1\r\n{common}Connection: close\r\n\r\n".encode()
    body = urlencode({"csrfmiddlewaretoken": session.csrf, "nam": NAM, "drug": DIN})
    return (
        f"POST /medicaments-exception/ HTTP/1.1\r\n{common}"
        f"Referer: http://127.0.0.1:{port}/medicaments-exception/\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}"
    ).encode()


def _kind(n: int) -> str:
    return "home" if n % 2 else "consult"


async def _one(port: int, payload: bytes, kind: str) -> Answer:
    started = time.monotonic()
    writer = None
    try:
        async with asyncio.timeout(TIMEOUT):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(payload)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            await reader.read()  # Connection: close: the body ends with the connection
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        retry_after = next(
            (
                line.split(":", 1)[1].strip()
                for line in lines
                if line.lower().startswith("retry-after:")
            ),
            "",
        )
        return Answer(started, time.monotonic() - started, status, retry_after, kind)
    except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError, IndexError):
        return Answer(started, time.monotonic() - started, None, kind=kind)
    finally:
        if writer is not None:
            writer.close()


async def _closed_loop(port: int, sessions: list[Session], clients: int, phase: Phase) -> None:
    end = time.monotonic() + phase.seconds

    async def client(k: int) -> None:
        # Each client alternates the home page and a consultation, as the open loop's stream does:
        # a client bound to one kind would let the cheaper kind's clients serve more, and the
        # saturation measured would be that of a cheaper mix than the overload's.
        n = k
        while time.monotonic() < end:
            payload = _request_bytes(port, sessions[n % len(sessions)], n)
            phase.answers.append(await _one(port, payload, _kind(n)))
            n += 1

    await asyncio.gather(*(client(k) for k in range(clients)))


async def _open_loop(port: int, sessions: list[Session], rate: float, phase: Phase) -> None:
    started = time.monotonic()
    tasks = []
    n = 0
    while True:
        due = started + n / rate
        if due - started >= phase.seconds:
            break
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        payload = _request_bytes(port, sessions[n % len(sessions)], n)
        tasks.append(asyncio.ensure_future(_one(port, payload, _kind(n))))
        n += 1
    phase.answers.extend(await asyncio.gather(*tasks))


def closed_loop(
    cluster: Cluster, sessions: list[Session], *, clients: int, seconds: float
) -> Phase:
    phase = Phase(f"saturation ({clients} clients)", seconds)
    cpu = cluster.serving_cpu_seconds()
    asyncio.run(_closed_loop(cluster.proxy_port, sessions, clients, phase))
    phase.server_cpu_seconds = cluster.serving_cpu_seconds() - cpu
    return phase


def open_loop(cluster: Cluster, sessions: list[Session], *, rate: float, seconds: float) -> Phase:
    phase = Phase(f"overload ({rate:.0f} requests/s sent)", seconds)
    cpu = cluster.serving_cpu_seconds()
    asyncio.run(_open_loop(cluster.proxy_port, sessions, rate, phase))
    phase.server_cpu_seconds = cluster.serving_cpu_seconds() - cpu
    return phase
