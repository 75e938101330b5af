"""Backups: ``manage.py backup`` of the cluster's database after the load of the other tests,
``manage.py restore`` into an empty database, and every user, access request, exception-drug
request, message, audit row and queued email of the original is there, unchanged."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from sel.core.cluster import Cluster, database_connect, database_url_named
from tests.faults.conftest import CountingSmtp, queue_emails
from tests.faults.load import Load, acknowledged_tokens

# What must survive, each read the same way from both databases.
CONTENTS = {
    "users": "SELECT id, username, password, email FROM accounts_user",
    "access requests": "SELECT id, reference, status FROM access_accessrequest",
    "exception-drug requests": "SELECT id, reference, status FROM exception_drugs_exceptionrequest",
    "messages": "SELECT id, thread_id, body FROM messaging_message",
    "audit rows": "SELECT id, action, occurred_at, details::text FROM audit_auditevent",
    "emails": 'SELECT id, message_id, "to", status FROM core_outboundemail',
}


def rows_of(url: str, query: str) -> set[tuple[object, ...]]:
    with database_connect(url) as conn:
        return set(conn.execute(query).fetchall())


def test_a_backup_restores_into_an_empty_database_with_everything(
    cluster: Cluster, smtp: CountingSmtp, tmp_path: Path
) -> None:
    load = Load(cluster.proxy_port, users=2)  # logins, consultations, messages: audit rows
    load.start()
    time.sleep(4)
    assert acknowledged_tokens(load.stop()), "no message written before the backup"
    smtp.stop()  # the emails queued now stay queued: the backup must carry them
    try:
        queue_emails(cluster, ["backup@example.org"], 3, f"backup-{time.time_ns()}")
        original = {name: rows_of(cluster.database_url, q) for name, q in CONTENTS.items()}
        backup = tmp_path / "sel.dump"
        cluster.manage("backup", str(backup))
    finally:
        smtp.start()
    assert backup.stat().st_size > 0
    target = f"{cluster.database_url.rsplit('/', 1)[-1]}_restored"
    with database_connect(database_url_named(cluster.database_url, "postgres")) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target}"')
        conn.execute(f'CREATE DATABASE "{target}"')
    try:
        cluster.manage("restore", str(backup), "--into", target)
        restored_url = database_url_named(cluster.database_url, target)
        for name, query in CONTENTS.items():
            restored = rows_of(restored_url, query)
            assert original[name], f"the original has no {name}: the test would prove nothing"
            assert original[name] <= restored, f"{name} missing after the restore"
        assert any(row[3] == "pending" for row in original["emails"])

        # A restore never lands on live data: the same target, now full, is refused.
        with pytest.raises(subprocess.CalledProcessError):
            cluster.manage("restore", str(backup), "--into", target)
    finally:
        with database_connect(database_url_named(cluster.database_url, "postgres")) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{target}"')
