"""Session clocks start at every login, including the tests' ``force_login``."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from sel.accounts.services.login import AUTH_AT_KEY, SEEN_AT_KEY


@receiver(user_logged_in)
def session_clocks_start(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[AUTH_AT_KEY] = now
        request.session[SEEN_AT_KEY] = now
