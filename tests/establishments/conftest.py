from __future__ import annotations

from typing import Any

import pytest

from tests.factories.establishments import EstablishmentWorld


@pytest.fixture
def world(db: Any) -> EstablishmentWorld:
    return EstablishmentWorld.build()
