from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "sel.access"
    label = "access"
    verbose_name = _("Accès aux services en ligne")

    def ready(self) -> None:
        from sel.access.services.registration import grants_from_registration
        from sel.accounts.signals import registered_with_pin

        registered_with_pin.connect(
            grants_from_registration, dispatch_uid="access.grants_from_registration"
        )
