"""Every audit action, declared once with what it means (STYLE.md §5). ``record()`` accepts
nothing else. Each domain keeps its own section; add new actions to your section only."""

from django.db import models


class Action(models.TextChoices):
    # --- core ----------------------------------------------------------------------------------
    EMAIL_FAILED = "email.failed", "An outbox email was refused for good by the SMTP server"
    PRIVACY_INCIDENT_RECORDED = (
        "privacy.incident_recorded",
        "A confidentiality incident was registered",
    )
    PRIVACY_INCIDENT_UPDATED = "privacy.incident_updated", "A registered incident was completed"
    PERSONAL_DATA_EXPORTED = "privacy.data_exported", "A person downloaded their own data"
    RETENTION_PURGED = "privacy.retention_purged", "Data past its retention period was purged"

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
