from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _catalogue_loaded(request: pytest.FixtureRequest) -> None:
    """Data-migration rows (services, form types, refused mailboxes) for every database test."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("_django_db_helper")
    from tests.access.helpers import ensure_catalogue

    ensure_catalogue()
