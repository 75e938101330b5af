from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "sel.access"
    label = "access"
    verbose_name = _("Accès aux services en ligne")
