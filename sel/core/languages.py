"""The portal's two languages, as a person's preference: French (fr-CA) first, then English.

Emails are written in their recipient's language, never in the language of whoever caused them;
the account keeps its preference, an access request the language it was filled in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.http import HttpResponse
from django.utils import translation


class Language(models.TextChoices):
    # Each language is named in itself, as the language switch does.
    FRENCH = "fr-ca", "Français"
    ENGLISH = "en", "English"


def language_supported(code: str | None) -> str:
    """The portal language for ``code`` (``en-US`` → English); French for anything else, since
    French is the portal's first language."""
    return (
        Language.ENGLISH.value if (code or "").lower().startswith("en") else Language.FRENCH.value
    )


def language_current() -> str:
    """The language of the page being served (the active request language)."""
    return language_supported(translation.get_language())


def language_cookie_set(response: HttpResponse, language: str) -> None:
    """Makes ``language`` the browser's portal language, as Django's ``set_language`` does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language_supported(language),
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
    )
