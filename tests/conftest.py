from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RecordingHandler:
    """A real SMTP server's message handler: keeps what it accepts, or answers with a set reply."""

    messages: list[Message] = field(default_factory=list)
    reply: str | None = None  # e.g. "451 4.3.0 try later" or "550 5.1.1 no such user"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.reply:
            return self.reply
        message = message_from_bytes(envelope.original_content or envelope.content)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"


@dataclass
class SmtpServer:
    port: int
    handler: RecordingHandler
    controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def to(self, address: str) -> list[Message]:
        return [m for m in self.handler.messages if address in m["X-Envelope-To"]]


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) on loopback, wired into Django's SMTP backend."""
    server = SmtpServer(port=free_port(), handler=RecordingHandler())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    server.start()
    yield server
    server.stop()


def run_worker() -> None:
    """Run every task that is due, as ``manage.py worker --once`` does."""
    from django.core.management import call_command

    call_command("worker", once=True)


def login(client: Any, user: Any) -> None:
    """Log a test user in with every login step done. The second factor is asked before the
    session exists, so a logged-in session needs no marker; the session clocks (idle and absolute
    time-outs) start from Django's user_logged_in signal. The user must be ready (no required
    step flag), as factory-made users are. Agents and Régie staff must have a second factor: one
    is set up here if the user has none, as AgentFactory does."""
    if getattr(user, "needs_second_factor", False) and not user.has_second_factor:
        from django.utils import timezone

        from tests.factories import AGENT_TOTP_SECRET

        user.totp_secret = AGENT_TOTP_SECRET
        user.totp_confirmed_at = timezone.now()
        user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    client.force_login(user)


@pytest.fixture
def admin_user(db: Any) -> Any:
    """pytest-django's superuser, with the second factor every Régie staff account must have
    (so ``admin_client`` lands on the staff console instead of the second-factor set-up)."""
    from tests.factories import AgentFactory

    return AgentFactory(username="CE999999", is_superuser=True)


@pytest.fixture(autouse=True)
def _fresh_redis_cache(settings: Any) -> Iterator[None]:
    """Throttle counters live in the cache: with Redis (which a test's rollback does not undo),
    each test starts from an empty cache. The database cache is rolled back with the test."""
    from django.core.cache import cache

    if "redis" in settings.CACHES["default"]["BACKEND"].lower():
        cache.clear()
    yield


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every transactional test (``transaction=True``, ``live_server``) starts from the migrated
    data (service catalogue, form types, seed newsletters) and leaves it for the next one.

    Mixing transactional tests with and without ``serialized_rollback`` breaks: a flush without it
    re-creates content types, which the restore of the next one then collides with. So all of them
    get it: each restores the database as the migrations left it.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        fixtures = getattr(item, "fixturenames", ())
        transactional = "live_server" in fixtures or "transactional_db" in fixtures
        if marker is not None and marker.kwargs.get("transaction"):
            transactional = True
        if transactional:
            kwargs = dict(marker.kwargs) if marker is not None else {}
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs))
