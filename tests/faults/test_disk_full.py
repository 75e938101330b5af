"""Fault 6: the disk that holds uploaded files is full (a small tmpfs mounted over the cluster's
MEDIA_ROOT) under load. A message with an attachment gets a clear message, keeps what was typed,
leaves nothing half-written (no row, no partial file), and goes through once space is back."""

from __future__ import annotations

import io
import os
import random
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from sel.core.cluster import Cluster
from tests.faults.conftest import report, sql
from tests.faults.load import CSRF_INPUT, SUBJECT_OPTION, Load, logged_in

FULL_MESSAGE = "l'espace de stockage du portail est plein"


def noise_png(side: int = 420) -> bytes:
    """An incompressible PNG of about side² × 3 bytes."""
    pixels = random.Random(side).randbytes(side * side * 3)
    image = Image.frombytes("RGB", (side, side), pixels)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def small_disk(cluster: Cluster) -> Iterator[Path]:
    """A 2 MB tmpfs over the cluster's media directory, filled up to its last 64 KB."""
    if os.geteuid() != 0:
        pytest.fail("fault 6 mounts a tmpfs: run as root (CI does), or `sudo` the test run")
    media = cluster.workdir / "media"
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(media)], check=True)
    try:
        filler = media / "filler"
        with filler.open("wb") as out:
            try:
                while True:
                    out.write(b"\0" * 65536)
                    out.flush()
            except OSError:
                pass
        with filler.open("r+b") as out:
            out.truncate(max(filler.stat().st_size - 65536, 0))
        yield media
    finally:
        subprocess.run(["umount", "-l", str(media)], check=False)


def files_under(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_an_attachment_on_a_full_disk_is_refused_clearly_and_nothing_is_half_written(
    cluster: Cluster, small_disk: Path
) -> None:
    load = Load(cluster.proxy_port, users=3)
    load.start()
    try:
        browser = logged_in(cluster.proxy_port)
        token = uuid.uuid4().hex
        attachment = ("ordonnance.png", noise_png(), "image/png")

        def send() -> tuple[int, str, str]:
            _status, _location, page = browser.request("GET", "/messagerie/ecrire/")
            csrf, subject = CSRF_INPUT.search(page), SUBJECT_OPTION.search(page)
            assert csrf and subject, page[:500]
            data = {
                "csrfmiddlewaretoken": csrf.group(1),
                "subject": subject.group(1),
                "title": f"Pièce jointe {token[:8]}",
                "body": f"disk-token {token}",
            }
            return browser.request("POST", "/messagerie/ecrire/", data, {"attachments": attachment})

        before = files_under(small_disk)
        status, _location, page = send()
        assert status == 200
        assert FULL_MESSAGE in page.replace("&#x27;", "'").replace("&#39;", "'")
        assert f"disk-token {token}" in page and f"Pièce jointe {token[:8]}" in page
        assert files_under(small_disk) == before, "a partial file was left on the disk"
        rows = sql(
            cluster,
            "SELECT count(*) FROM messaging_message WHERE body = %s",
            [f"disk-token {token}"],
        )
        assert rows[0][0] == 0

        (small_disk / "filler").unlink()
        freed_at = time.monotonic()
        status, location, _page = send()
        recovered_in = time.monotonic() - freed_at
        assert status == 302 and "/messagerie/echanges/" in location
        rows = sql(
            cluster,
            "SELECT count(*), count(a.id) FROM messaging_message m "
            "LEFT JOIN messaging_attachment a ON a.message_id = m.id WHERE m.body = %s",
            [f"disk-token {token}"],
        )
        assert rows[0] == (1, 1)
        browser.close()
    finally:
        outcomes = load.stop()
    failed = [o for o in outcomes if o.status is None or o.status >= 500]
    assert not failed, failed
    report(
        "6 disk full for uploads",
        requests=len(outcomes),
        failed=len(failed),
        partial_files_left=0,
        message_sent_once_space_back_in_s=recovered_in,
    )
