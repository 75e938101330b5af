from __future__ import annotations

import errno
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.header import decode_header, make_header
from email.message import Message
from pathlib import Path
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

    def texts(self, address: str) -> list[tuple[str, str]]:
        """(subject, body) of each message received by ``address``, decoded."""
        texts = []
        for message in self.to(address):
            payload = message.get_payload(decode=True)
            assert isinstance(payload, bytes)
            subject = str(make_header(decode_header(message["Subject"])))
            texts.append((subject, payload.decode()))
        return texts


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
    """Log a test user in with every login step done, the second factor included: the session
    carries the mark the portal's login leaves once the code is verified (sel.accounts.gates), as
    the Régie's side asks. The session clocks (idle and absolute time-outs) start from Django's
    user_logged_in signal. The user must be ready (no required step flag), as factory-made users
    are. Agents and Régie staff must have a second factor: one is set up here if the user has
    none, as AgentFactory does."""
    if getattr(user, "needs_second_factor", False) and not user.has_second_factor:
        from django.utils import timezone

        from tests.factories.accounts import AGENT_TOTP_SECRET

        user.totp_secret = AGENT_TOTP_SECRET
        user.totp_confirmed_at = timezone.now()
        user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    client.force_login(user)
    if user.has_second_factor:
        import time

        from sel.accounts.gates import SECOND_FACTOR_KEY

        session = client.session
        session[SECOND_FACTOR_KEY] = {"user": user.pk, "at": time.time()}
        session.save()


@pytest.fixture
def admin_client(client: Any, admin_user: Any) -> Any:
    """pytest-django's admin_client, logged in as the portal's login leaves a staff session."""
    login(client, admin_user)
    return client


@pytest.fixture
def admin_user(db: Any) -> Any:
    """pytest-django's superuser, with the second factor every Régie staff account must have
    (so ``admin_client`` lands on the staff console instead of the second-factor set-up)."""
    from tests.factories.accounts import AgentFactory

    return AgentFactory(username="CE999999", is_superuser=True)


@pytest.fixture(autouse=True)
def _fresh_redis_cache(settings: Any, request: pytest.FixtureRequest) -> Iterator[None]:
    """Throttle counters live in the cache: with Redis (which a test's rollback does not undo),
    each test starts from an empty cache. The database cache is rolled back with a test, except
    for a transactional one: its table is no model's, so the flush at the end leaves it."""
    from django.core.cache import cache

    if "redis" in settings.CACHES["default"]["BACKEND"].lower():
        cache.clear()
    elif isinstance(request.node, pytest.Item) and _is_transactional(request.node):
        request.getfixturevalue("transactional_db")
        cache.clear()
    yield


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the portal's default language: a request of an earlier test in English
    leaves the thread's language active, and messages built outside a request would follow it."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _private_files_in_a_temporary_folder(settings: Any, tmp_path: Path) -> None:
    """Uploaded files (scans, attachments) never land in the working tree's var/private."""
    settings.MEDIA_ROOT = tmp_path / "private"


@dataclass
class FullDisk:
    """The disk of uploaded files (MEDIA_ROOT) and of the uploads' temporary files
    (FILE_UPLOAD_TEMP_DIR, under it), with ``free`` bytes left: a write past them stores what
    fits, then fails as a full disk does (ENOSPC). tests/faults/test_disk_full.py does it with a
    real tmpfs on the cluster."""

    root: Path
    free: int = 0

    def files(self) -> list[Path]:
        """Every file on that disk, partial and temporary ones included."""
        return sorted(p for p in self.root.rglob("*") if p.is_file())


@pytest.fixture
def full_disk(settings: Any, monkeypatch: pytest.MonkeyPatch) -> FullDisk:
    """Every file written under MEDIA_ROOT, and every temporary file of an upload too large to
    be held in memory (past FILE_UPLOAD_MAX_MEMORY_SIZE), goes to a disk with no room left (set
    ``free`` to let the first bytes through); other files (templates, the database) are
    untouched."""
    import tempfile

    from django.core.files import uploadedfile

    disk = FullDisk(root=Path(settings.MEDIA_ROOT).resolve())
    (disk.root / "tmp").mkdir(parents=True, exist_ok=True)
    settings.FILE_UPLOAD_TEMP_DIR = str(disk.root / "tmp")

    class FileOnFullDisk:
        def __init__(self, file: Any) -> None:
            self.file = file

        def write(self, data: bytes) -> int:
            if len(data) <= disk.free:
                disk.free -= len(data)
                return int(self.file.write(data))
            self.file.write(data[: disk.free])
            self.file.flush()
            disk.free = 0
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name: str) -> Any:
            return getattr(self.file, name)

    def on_the_disk(path: str) -> bool:
        return Path(path).resolve().is_relative_to(disk.root)

    real_fdopen = os.fdopen

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        file = real_fdopen(fd, *args, **kwargs)
        return FileOnFullDisk(file) if on_the_disk(os.readlink(f"/proc/self/fd/{fd}")) else file

    class TempfileOnFullDisk:
        """The ``tempfile`` module as Django's TemporaryUploadedFile sees it."""

        def __getattr__(self, name: str) -> Any:
            return getattr(tempfile, name)

        @staticmethod
        def NamedTemporaryFile(*args: Any, **kwargs: Any) -> Any:
            file = tempfile.NamedTemporaryFile(*args, **kwargs)  # noqa: SIM115 - the caller's
            return FileOnFullDisk(file) if on_the_disk(file.name) else file

    monkeypatch.setattr(os, "fdopen", fdopen)
    monkeypatch.setattr(uploadedfile, "tempfile", TempfileOnFullDisk())
    return disk


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    if "live_server" in fixtures or "transactional_db" in fixtures:
        return True
    return marker is not None and bool(marker.kwargs.get("transaction"))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> Iterator[None]:
    """Transactional tests (``transaction=True``, ``live_server``) empty the database when they
    end, so they run after all the others, and each starts from the migrated data (service
    catalogue, form types, seed newsletters) restored by ``serialized_rollback``.

    pytest-randomly shuffles after pytest-django has put them last; this wrapper runs outside both
    and sorts stably, keeping the random order within each group. Every transactional test gets
    ``serialized_rollback``: mixing tests with and without it breaks, since a flush without it
    re-creates content types that the next one's restore then collides with.
    """
    for item in items:
        if _is_transactional(item):
            marker = item.get_closest_marker("django_db")
            kwargs = dict(marker.kwargs) if marker is not None else {}
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)
    yield
    items.sort(key=_is_transactional)


@pytest.fixture(scope="session", autouse=True)
def _serialized_contents_on_every_connection(django_db_setup: Any) -> None:
    """Django keeps the snapshot that ``serialized_rollback`` restores on the connection object.
    Once Playwright's sync API runs in the session, the main thread may get a fresh connection
    object without it, and Django then silently skips the restore. On the class, every connection
    object of the test run sees it."""
    from django.db import connections

    for alias in connections:
        connection = connections[alias]
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            type(connection)._test_serialized_contents = contents


@pytest.fixture(scope="session", autouse=True)
def _flush_lifts_the_sqlite_audit_triggers() -> Iterator[None]:
    """On SQLite the audit table refuses DELETE (migration audit 0005), and Django empties a test
    database with DELETE after each transactional test. The test run, which owns that database,
    lifts the triggers for the flush and puts them back: on PostgreSQL the flush is a TRUNCATE by
    the owner, which row triggers do not see either."""
    from django.db import connection

    if connection.vendor != "sqlite":
        yield
        return
    from django.db.backends.sqlite3.operations import DatabaseOperations

    from sel.audit.models import AuditEvent

    table = AuditEvent._meta.db_table
    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self: DatabaseOperations, sql_list: list[str]) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [table],
            )
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f"DROP TRIGGER {self.quote_name(name)}")
        try:
            original(self, sql_list)
        finally:
            with self.connection.cursor() as cursor:
                for _name, sql in triggers:
                    cursor.execute(sql)

    DatabaseOperations.execute_sql_flush = execute_sql_flush  # type: ignore[method-assign,assignment]
    yield
    DatabaseOperations.execute_sql_flush = original  # type: ignore[method-assign]
