from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The top floor: the home pages, the staff console's site and the project's URLs."""

    name = "sel.portal"
    label = "portal"
