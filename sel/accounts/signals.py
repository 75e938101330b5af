"""Session clocks start at every login, including the tests' ``force_login``.

``registered_with_pin`` is sent inside the transaction of a registration with a PIN, with
``user``, ``profession`` (``Profession`` or None) and ``request``, for the apps above accounts
(which accounts must not import): the access app grants the services that registration opens
(``sel.access.services.registration``)."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in
from django.dispatch import Signal, receiver
from django.http import HttpRequest

from sel.accounts.services.login import AUTH_AT_KEY, SEEN_AT_KEY

registered_with_pin = Signal()


@receiver(user_logged_in)
def session_clocks_start(
    sender: Any, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any
) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[AUTH_AT_KEY] = now
        request.session[SEEN_AT_KEY] = now
