"""Authentication by IP/CE username (case-insensitive) or by a confirmed email alias (seed 002)."""

from __future__ import annotations

import hashlib
import statistics
import time
from collections import deque
from functools import cache
from typing import Any

import argon2
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.hashers import (
    Argon2PasswordHasher,
    check_password,
    get_hasher,
    identify_hasher,
    make_password,
)
from django.http import HttpRequest

from sel.accounts.models import User


@cache
def _dummy_hash() -> str:
    """A hash with the current parameters, verified when no account matches, so an unknown name
    costs the same as a known one."""
    return make_password("not a password of anyone")


# CPU times of the latest verifications against current hashes (known accounts or not), the
# yardstick for an outdated one: they follow the machine's load as the attacker's clock does.
_current_costs: deque[float] = deque(maxlen=15)


def _current_cost() -> float:
    """The median CPU time of the latest verifications against current hashes."""
    if not _current_costs:
        started = time.thread_time()
        check_password("not a password of anyone either", _dummy_hash())
        _current_costs.append(time.thread_time() - started)
    return statistics.median(_current_costs)


def _hash_is_outdated(encoded: str) -> bool:
    """Another algorithm, or the current one with other parameters: upgraded at the next login."""
    preferred = get_hasher()
    try:
        hasher = identify_hasher(encoded)
    except ValueError:
        return False
    return hasher.algorithm != preferred.algorithm or preferred.must_update(encoded)


def _difference_spend(spent: float) -> None:
    """Spends what is left of the CPU time of one current verification: one Argon2id pass over
    as much of the current memory as that time allows (so the caches are left as cold as after a
    current verification), then plain hashing to the end.

    Django leaves this gap open: ``verify_password`` skips ``harden_runtime`` when the algorithm
    changed (PBKDF2 to Argon2), and Argon2's ``harden_runtime`` does nothing. A hash costlier than
    the current one cannot be made faster; it stays slower until its next successful login."""
    current = _current_cost()
    left = current - spent
    if left <= 0:
        return
    started = time.thread_time()
    hasher = get_hasher()
    if isinstance(hasher, Argon2PasswordHasher):
        one_pass = current / hasher.time_cost
        memory = int(hasher.memory_cost * min(1.0, left / one_pass))
        if memory >= 8 * hasher.parallelism:
            argon2.low_level.hash_secret_raw(
                b"not a password of anyone",
                b"salt of the padding",
                time_cost=1,
                memory_cost=memory,
                parallelism=hasher.parallelism,
                hash_len=32,
                type=argon2.low_level.Type.ID,
            )
    while time.thread_time() - started < left:
        hashlib.pbkdf2_hmac("sha256", b"not a password", b"salt of the padding", 500)


def user_find_by_identifier(identifier: str) -> User | None:
    """Seed 002: « Votre IP ou CE actuel demeurera toutefois valide » once an alias is set."""
    identifier = identifier.strip()
    if not identifier or len(identifier) > 254:
        return None
    # Usernames are stored in capitals and aliases in lower case: exact, indexed lookups.
    if "@" in identifier:
        return User.objects.filter(alias=identifier.lower()).first()
    return User.objects.filter(username=identifier.upper()).first()


def password_verify(user: User | None, password: str) -> bool:
    """Exactly one Argon2id verification whether or not the account exists. An older hash is
    upgraded when the password is right (Django's check_password with a setter); when it is
    wrong, the answer takes as long as with a current hash (SECURITY.md #9)."""
    started = time.thread_time()
    if user is None or not user.has_usable_password():
        check_password(password, _dummy_hash())
        _current_costs.append(time.thread_time() - started)
        return False
    outdated = _hash_is_outdated(user.password)
    right = user.check_password(password)
    if not outdated:
        _current_costs.append(time.thread_time() - started)
    elif not right:
        _difference_spend(time.thread_time() - started)
    return right


class SelBackend(ModelBackend):
    """Used by Django's ``authenticate``; the login page itself goes through
    ``sel.accounts.services.login`` for throttling and the required steps."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        user = user_find_by_identifier(username)
        if password_verify(user, password) and user is not None and self.usable(user):
            return user
        return None

    @staticmethod
    def usable(user: User) -> bool:
        return user.is_active and not user.is_locked

    def get_user(self, user_id: int) -> User | None:
        user = super().get_user(user_id)
        if user is None or user.is_locked:
            return None
        return user
