"""Demo data: each app may have a ``demo.py`` with ``load()`` (idempotent), ``LOGINS``
(role, username, password) for README and ``make demo``, and ``notes()`` (lines to print)."""

from __future__ import annotations

from types import ModuleType

from django.conf import settings

from sel.core.appmodules import sel_app_modules


class DemoDataRefused(Exception):
    """The demo data is for development only: its accounts' passwords (and the agent's TOTP
    secret) are published in the README."""


def _demo_modules() -> list[ModuleType]:
    return sel_app_modules("demo")


def load_all() -> None:
    """Loads every app's demo data; refused unless DEBUG is on."""
    if not settings.DEBUG:
        raise DemoDataRefused(
            "The demo data is refused with DEBUG off: it creates accounts whose passwords and "
            "second-factor secret are published. Load it only on a development machine (DEBUG=1)."
        )
    for module in _demo_modules():
        load = getattr(module, "load", None)
        if load is not None:
            load()


def demo_logins() -> list[tuple[str, str, str]]:
    logins: list[tuple[str, str, str]] = []
    for module in _demo_modules():
        logins.extend(getattr(module, "LOGINS", []))
    return logins


def demo_notes() -> list[str]:
    """Extra lines for ``make demo``: each app's optional ``notes()`` in its demo module."""
    lines: list[str] = []
    for module in _demo_modules():
        notes = getattr(module, "notes", None)
        if notes is not None:
            lines.extend(notes())
    return lines
