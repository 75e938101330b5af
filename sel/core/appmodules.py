"""Per-app extension modules (``<app>/demo.py``, ``<app>/privacy.py``) of the SEL apps."""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from django.apps import apps


def sel_app_modules(name: str) -> list[ModuleType]:
    """The ``<app>.<name>`` module of every SEL app that has one, in INSTALLED_APPS order."""
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("sel."):
            continue
        try:
            modules.append(import_module(f"{config.name}.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{name}":
                raise
    return modules
