from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _catalogue_loaded(request: pytest.FixtureRequest) -> None:
    """Data-migration rows (services, form types, refused mailboxes) for every database test."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("_django_db_helper")
    from tests.access.helpers import ensure_catalogue

    ensure_catalogue()


@pytest.fixture(autouse=True)
def _french_by_default() -> Iterator[None]:
    """A test that switched the portal to English must not leave the next one in English."""
    translation.activate("fr-ca")
    yield
    translation.activate("fr-ca")
