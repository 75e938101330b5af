"""A steady load on the cluster for the fault tests: virtual users in threads, each looping over
what a pharmacist does (log in, open the home page, consult by NAM, read the inbox, write a
message), on loopback, until told to stop or a deadline passes. Every request is recorded with its
kind, start, end and status; every message written carries a token, so the test can check that a
write acknowledged to the client is in the database exactly once.

Each login comes from a fresh loopback source address (127.1.x.y): the portal throttles logins per
client address, and a province's users do not share one.
"""

from __future__ import annotations

import http.client
import itertools
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBJECT_OPTION = re.compile(r'<select name="subject"[^>]*>.*?<option value="(\d+)"', re.DOTALL)

USERNAME = "IP100001"  # the demo pharmacist
PASSWORD = "Demo-SEL-2026-portail"
NAM, DIN = "TREM56623101", "02258595"
REQUEST_TIMEOUT = 35.0  # past the proxy's and gunicorn's 30 s: a hang shows as a time-out here

_addresses = itertools.count(1)
_addresses_lock = threading.Lock()


def next_source_address() -> str:
    with _addresses_lock:
        n = next(_addresses)
    return f"127.1.{(n // 250) % 250}.{n % 250 + 1}"


@dataclass
class Outcome:
    kind: str
    started: float  # time.monotonic()
    ended: float
    status: int | None  # None: no HTTP answer (connection refused or reset, time-out)
    token: str = ""  # the message's token, for writes

    @property
    def seconds(self) -> float:
        return self.ended - self.started


def multipart(
    boundary: str, data: dict[str, str], files: dict[str, tuple[str, bytes, str]]
) -> bytes:
    parts = []
    for name, value in data.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name, (filename, content, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


def logged_in(port: int) -> Browser:
    """A browser whose login as the demo pharmacist succeeded."""
    browser = Browser(port, next_source_address())
    _status, _location, page = browser.request("GET", "/compte/connexion/")
    token = CSRF_INPUT.search(page)
    assert token is not None, page[:500]
    status, location, _page = browser.request(
        "POST",
        "/compte/connexion/",
        {"csrfmiddlewaretoken": token.group(1), "username": USERNAME, "password": PASSWORD},
    )
    assert status == 302 and "connexion" not in location, (status, location)
    return browser


class Browser:
    """One keep-alive connection through the proxy, cookies, CSRF tokens from forms."""

    def __init__(self, port: int, source: str) -> None:
        self.port = port
        self.source = source
        self.cookies: SimpleCookie = SimpleCookie()
        self.conn: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(
        self,
        method: str,
        path: str,
        data: dict[str, str] | None = None,
        files: dict[str, tuple[str, bytes, str]] | None = None,
    ) -> tuple[int, str, str]:
        """One request; ``files`` (field -> (name, bytes, type)) sends ``data`` as multipart."""
        if self.conn is None:
            self.conn = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=REQUEST_TIMEOUT, source_address=(self.source, 0)
            )
        headers = {"Host": "127.0.0.1", "Accept-Language": "fr-CA"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        body: str | bytes | None = None
        if files is not None:
            boundary = uuid.uuid4().hex
            body = multipart(boundary, data or {}, files)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        elif data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            raw = self.conn.getresponse()
            text = raw.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        for value in raw.headers.get_all("Set-Cookie") or []:
            self.cookies.load(value)
        if raw.getheader("Connection", "").lower() == "close":
            self.close()
        return raw.status, raw.getheader("Location", ""), text


@dataclass
class Load:
    """``users`` virtual users on the proxy's ``port``; ``run_for`` seconds at most."""

    port: int
    users: int = 4
    think_seconds: float = 0.05
    outcomes: list[Outcome] = field(default_factory=list)
    stop_event: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self, run_for: float = 300) -> None:
        deadline = time.monotonic() + run_for
        for n in range(self.users):
            thread = threading.Thread(target=self._user, args=(n, deadline), daemon=True)
            self.threads.append(thread)
            thread.start()

    def stop(self) -> list[Outcome]:
        self.stop_event.set()
        for thread in self.threads:
            thread.join(REQUEST_TIMEOUT * 3)
        with self.lock:
            return list(self.outcomes)

    def _record(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)

    def _step(
        self,
        browser: Browser,
        kind: str,
        method: str,
        path: str,
        data: dict[str, str] | None = None,
        token: str = "",
    ) -> tuple[int | None, str, str]:
        started = time.monotonic()
        try:
            status, location, page = browser.request(method, path, data)
        except (OSError, http.client.HTTPException):
            self._record(Outcome(kind, started, time.monotonic(), None, token))
            return None, "", ""
        self._record(Outcome(kind, started, time.monotonic(), status, token))
        return status, location, page

    def _form(self, browser: Browser, kind: str, path: str) -> tuple[str, str]:
        """GET a form page (recorded as ``kind``): its CSRF token ("" if none) and the page."""
        _status, _location, page = self._step(browser, kind, "GET", path)
        match = CSRF_INPUT.search(page)
        return (match.group(1) if match else ""), page

    def _user(self, n: int, deadline: float) -> None:
        while not self.stop_event.is_set() and time.monotonic() < deadline:
            browser = Browser(self.port, next_source_address())
            try:
                self._session(browser, deadline)
            finally:
                browser.close()
            self.stop_event.wait(self.think_seconds)

    def _session(self, browser: Browser, deadline: float) -> None:
        """One visit: log in, then rounds of home, consultation, inbox and a new message."""
        token, _page = self._form(browser, "login-form", "/compte/connexion/")
        if not token:
            self.stop_event.wait(0.5)
            return
        status, location, _page = self._step(
            browser, "login", "POST", "/compte/connexion/",
            {"csrfmiddlewaretoken": token, "username": USERNAME, "password": PASSWORD},
        )  # fmt: skip
        if status != 302 or "connexion" in location:
            self.stop_event.wait(0.5)  # refused or failed: a person would wait and try again
            return
        for _round in range(4):
            if self.stop_event.is_set() or time.monotonic() > deadline:
                return
            self._step(browser, "home", "GET", "/")
            csrf, _page = self._form(browser, "consult-form", "/medicaments-exception/")
            status, _loc, page = self._step(
                browser, "consult", "POST", "/medicaments-exception/",
                {"csrfmiddlewaretoken": csrf, "nam": NAM, "drug": DIN},
            )  # fmt: skip
            if status == 200 and "TREM" not in page and "ME26" not in page:
                self._record(Outcome("consult-empty", time.monotonic(), time.monotonic(), status))
            self._step(browser, "inbox", "GET", "/messagerie/")
            csrf, page = self._form(browser, "message-form", "/messagerie/ecrire/")
            subject = SUBJECT_OPTION.search(page)
            if not csrf or subject is None:
                continue
            token = uuid.uuid4().hex
            self._step(
                browser, "message", "POST", "/messagerie/ecrire/",
                {"csrfmiddlewaretoken": csrf, "subject": subject.group(1),
                 "title": f"Charge {token[:8]}", "body": f"load-token {token}"},
                token=token,
            )  # fmt: skip
            self.stop_event.wait(self.think_seconds)


def acknowledged_tokens(outcomes: list[Outcome]) -> set[str]:
    """Messages the portal confirmed (a redirect after the POST)."""
    return {o.token for o in outcomes if o.kind == "message" and o.status == 302}


def failures(outcomes: list[Outcome], *, after: float | None = None) -> list[Outcome]:
    """Requests with no answer or a 5xx, started after ``after`` if given."""
    return [
        o
        for o in outcomes
        if (o.status is None or o.status >= 500) and (after is None or o.started >= after)
    ]


def successes(outcomes: list[Outcome], *, after: float) -> list[Outcome]:
    return [o for o in outcomes if o.status is not None and o.status < 500 and o.started >= after]
