from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sel.accounts"
    label = "accounts"
    verbose_name = _("Comptes")

    def ready(self) -> None:
        from sel.accounts import signals  # noqa: F401
