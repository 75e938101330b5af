from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExceptionDrugsConfig(AppConfig):
    name = "sel.exception_drugs"
    label = "exception_drugs"
    verbose_name = _("Médicaments d'exception et patient d'exception")
