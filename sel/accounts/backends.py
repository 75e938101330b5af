"""Authentication by IP/CE username (case-insensitive) or by a confirmed email alias (seed 002)."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.hashers import check_password, make_password
from django.http import HttpRequest

from sel.accounts.models import User


@cache
def _dummy_hash() -> str:
    """A hash with the current parameters, verified when no account matches, so an unknown name
    costs the same as a known one."""
    return make_password("not a password of anyone")


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
    upgraded when the password is right (Django's check_password with a setter)."""
    if user is None or not user.has_usable_password():
        check_password(password, _dummy_hash())
        return False
    return user.check_password(password)


class SelBackend(ModelBackend):
    """Used by Django's ``authenticate``; the login page itself goes through
    ``sel.accounts.flows.login`` for throttling and the required steps."""

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
