"""The one way the access app writes to a request's or a grant's user and its authorizer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import translation

from sel.outbox.services import send_email_later


def email_user_and_authorizer(
    *,
    user: tuple[str, str],
    authorizer: tuple[str, str],
    template: str,
    context: dict[str, Any],
    context_in: Callable[[], dict[str, Any]] | None = None,
) -> None:
    """The same email to the user and to the person who authorized, each ``(address,
    language)`` written to in their own language. An authorizer without an address, or with the
    user's own address (compared as ``rules.emails_must_differ`` does), is not written to
    twice. ``context_in`` adds what must be worded in each
    recipient's language (it runs under that language)."""
    recipients = [user]
    if authorizer[0] and authorizer[0].strip().lower() != user[0].strip().lower():
        recipients.append(authorizer)
    for to, language in recipients:
        with translation.override(language):
            localised = context_in() if context_in is not None else {}
        send_email_later(
            to=to, language=language, template=template, context={**localised, **context}
        )
