from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _french_by_default() -> Iterator[None]:
    """A test that switched the portal to English must not leave the next one in English."""
    translation.activate("fr-ca")
    yield
    translation.activate("fr-ca")
