from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher


class SelArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with at least OWASP's parameters (m=19 MiB, t=2, p=1), set in settings
    (``ARGON2_*``). Production defaults to t=12, so that the hash is the physical cost of a login
    (DESIGN.md §5, bench/RESULTS.md); hashes made with other parameters are upgraded at the next
    login."""

    algorithm = "argon2"

    @property
    def time_cost(self) -> int:  # type: ignore[override]
        return int(settings.ARGON2_TIME_COST)

    @property
    def memory_cost(self) -> int:  # type: ignore[override]
        return int(settings.ARGON2_MEMORY_KIB)

    @property
    def parallelism(self) -> int:  # type: ignore[override]
        return int(settings.ARGON2_PARALLELISM)
