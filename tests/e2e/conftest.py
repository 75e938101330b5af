"""Browser tests: one real headless Chromium (Debian's) driven by Playwright's sync API, pages that
fail their test on a console error, and the accessibility check (axe-core, WCAG 2.1 A/AA).

Playwright's sync API runs an asyncio event loop in the test's thread while the browser is open,
and Django refuses ORM calls from a thread with a running loop (``SynchronousOnlyOperation``). The
tests here call the ORM beside the browser (to read an outbox row, to create a user), and nothing
else runs in that thread meanwhile, so ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set while the browser is
open, and only then: it is scoped to this package, so no other test runs with it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    """One Chromium for the browser tests; pytest closes it once they are done, before any other
    test runs, and takes ``DJANGO_ALLOW_ASYNC_UNSAFE`` back with it."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=10_000)
    before = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if before is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = before


@pytest.fixture
def browser_page(browser: Any) -> Iterator[Any]:
    """A fresh French page; the test fails if the page logged a console error or an uncaught
    exception (CSP violations included)."""
    context = browser.new_context(locale="fr-CA")
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"console {message.type}: {message.text}")
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    yield page
    context.close()
    assert problems == [], "the browser reported errors:\n" + "\n".join(problems)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """WCAG 2.1 A/AA violations found by axe-core on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]},
    )
    violations: list[dict[str, Any]] = results.response["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: {v['nodes'][0]['target']})"
        for v in violations
    )
