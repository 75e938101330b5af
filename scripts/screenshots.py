"""``make screenshots``: pictures of the main pages for README, in docs/screenshots/.

Loads the demo data into a temporary SQLite database, serves it with ``runserver`` on a free
loopback port, and drives Debian's Chromium with Playwright (never ``playwright install``): the
public home page, the login page, the logged-in home pages of a pharmacist and of a Régie agent, a
consultation, the messaging and the newsletters. Each PNG is 1280 pixels wide, reduced to a
256-colour palette (text stays sharp, the file stays small).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WIDTH = 1280
MAX_HEIGHT = 2000
DEMO_PASSWORD = "Demo-SEL-2026-portail"  # noqa: S105 (the documented demo password)
AGENT_TOTP_SECRET = "JBSWY3DPEHPK3PXPSELDEMOAGENTXYZW"  # noqa: S105 (the documented demo key)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def demo_environment(var_dir: Path) -> dict[str, str]:
    """Development settings on a throw-away SQLite database: nothing touches var/ or a server."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(DEBUG="1", SEL_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="sel.settings")
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


@contextmanager
def demo_server() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="sel-screenshots-") as tmp:
        env = demo_environment(Path(tmp))
        manage(env, "migrate", "--noinput")
        manage(env, "createcachetable")
        manage(env, "demo_data")
        port = free_port()
        server = subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(base + "/healthz", timeout=2):  # noqa: S310
                        break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise RuntimeError("the demo server did not start") from None
                    time.sleep(0.5)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=10)


def save(page: Any, name: str) -> Path:
    """A full-page screenshot (at most MAX_HEIGHT tall), reduced to a 256-colour palette."""
    from PIL import Image

    path = OUT / f"{name}.png"
    height = min(int(page.evaluate("document.documentElement.scrollHeight")), MAX_HEIGHT)
    page.screenshot(
        path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": WIDTH, "height": height}
    )
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)
    return path


def log_in(page: Any, base: str, username: str, *, totp_secret: str = "") -> None:
    page.goto(base + "/compte/connexion/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    if totp_secret:
        import pyotp

        page.locator("#id_code").fill(pyotp.TOTP(totp_secret).now())
        page.locator("form button[type=submit]").last.click()
        page.wait_for_load_state()


def consultation(page: Any, base: str) -> None:
    page.goto(base + "/medicaments-exception/")
    page.locator("#id_nam").fill("TREM56623101")
    page.locator("#id_drug").fill("02258595")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_load_state()


def shoot(base: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    saved: list[Path] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        def session(
            steps: list[tuple[str, Callable[[Any], None]]], login: str = "", **kw: str
        ) -> None:
            context = browser.new_context(
                locale="fr-CA", viewport={"width": WIDTH, "height": 900}, device_scale_factor=1
            )
            page = context.new_page()
            if login:
                log_in(page, base, login, **kw)
            for name, step in steps:
                step(page)
                saved.append(save(page, name))
            context.close()

        session(
            [
                ("public-home", lambda p: p.goto(base + "/")),
                ("login", lambda p: p.goto(base + "/compte/connexion/")),
                ("newsletters", lambda p: p.goto(base + "/infos/infolettres/")),
            ]
        )
        session(
            [
                ("pharmacist-home", lambda p: p.goto(base + "/")),
                ("consultation", lambda p: consultation(p, base)),
                ("messaging", lambda p: p.goto(base + "/messagerie/")),
            ],
            login="IP100001",
        )
        session(
            [("agent-home", lambda p: p.goto(base + "/"))],
            login="CE900001",
            totp_secret=AGENT_TOTP_SECRET,
        )
        browser.close()
    return saved


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with demo_server() as base:
        for path in shoot(base):
            print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
