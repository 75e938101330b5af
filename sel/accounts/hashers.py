from __future__ import annotations

import os

from django.contrib.auth.hashers import Argon2PasswordHasher


class SelArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with at least OWASP's parameters (m=19 MiB, t=2, p=1); tunable from the
    environment. Hashes made with other parameters are upgraded at the next login."""

    algorithm = "argon2"
    time_cost = int(os.environ.get("ARGON2_TIME_COST", "2"))
    memory_cost = int(os.environ.get("ARGON2_MEMORY_KIB", "19456"))
    parallelism = int(os.environ.get("ARGON2_PARALLELISM", "1"))
