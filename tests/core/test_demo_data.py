from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in {"django_tasks_database", "sessions"}
    }


def test_loading_the_demo_data_twice_changes_nothing_the_second_time(settings: Any) -> None:
    settings.DEBUG = True  # the demo data is for development machines only
    call_command("demo_data")
    first = row_counts()
    call_command("demo_data")
    assert row_counts() == first
