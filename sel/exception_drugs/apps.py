from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExceptionDrugsConfig(AppConfig):
    name = "sel.exception_drugs"
    label = "exception_drugs"
    verbose_name = _("Médicaments d'exception et patient d'exception")

    def ready(self) -> None:
        from sel.access.signals import access_request_approved
        from sel.exception_drugs.services import delegation_from_approval

        access_request_approved.connect(
            delegation_from_approval, dispatch_uid="exception_drugs.delegation_from_approval"
        )
