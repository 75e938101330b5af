from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher


class SelArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with at least OWASP's parameters (m=19 MiB, t=2, p=1), set in settings
    (``ARGON2_*``). The default everywhere is OWASP's (t=2); a deployment may raise it, at the
    login capacity measured by bench/login.py (bench/RESULTS.md). Hashes made with other
    parameters are upgraded at the next login."""

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
