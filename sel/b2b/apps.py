from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class B2bConfig(AppConfig):
    name = "sel.b2b"
    label = "b2b"
    verbose_name = _("Services B2B des développeurs de logiciels")

    def ready(self) -> None:
        from sel.access.signals import access_request_approved
        from sel.b2b.services.clients import clients_from_approval

        access_request_approved.connect(
            clients_from_approval, dispatch_uid="b2b.clients_from_approval"
        )
