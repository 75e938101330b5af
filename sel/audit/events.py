"""Every audit action, declared once with what it means (STYLE.md §5). ``record()`` accepts
nothing else. Each domain keeps its own section; add new actions to your section only."""

from django.db import models


class Action(models.TextChoices):
    # --- core ----------------------------------------------------------------------------------
    EMAIL_FAILED = "email.failed", "An outbox email was refused for good by the SMTP server"

    # --- accounts ------------------------------------------------------------------------------
    LOGIN_SUCCEEDED = "login.succeeded", "A user logged in"
    LOGIN_FAILED = "login.failed", "A login attempt failed (unknown name or wrong password)"
    LOGOUT = "logout", "A user logged out"

    # --- access --------------------------------------------------------------------------------
    GRANT_CREATED = "grant.created", "An online service was granted to an account"
    GRANT_REVOKED = "grant.revoked", "The Régie withdrew an account's access to a service"
    ACCESS_REFUSED = "access.refused", "An account asked for a service it has no valid grant for"

    # --- exception drugs -----------------------------------------------------------------------

    # --- messaging -----------------------------------------------------------------------------

    # --- notices -------------------------------------------------------------------------------
    NEWSLETTER_SAVED = "newsletter.saved", "Staff created or edited a newsletter"
    NEWSLETTER_PUBLISHED = "newsletter.published", "Staff published a newsletter"
    NEWSLETTER_WITHDRAWN = "newsletter.withdrawn", "Staff took a newsletter off the public pages"
