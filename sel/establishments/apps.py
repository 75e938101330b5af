from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstablishmentsConfig(AppConfig):
    name = "sel.establishments"
    label = "establishments"
    verbose_name = _("Établissements : autorisation des demandes de paiement")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from sel.access.models import AccessRequest, Grant, OnlineService
        from sel.establishments.context_cache import signatory_contexts_forget
        from sel.establishments.models import (
            Association,
            Establishment,
            Installation,
            OptilabCluster,
            Signatory,
        )

        # What a signatory's kept context is read from (context_cache.py): any write through
        # a model, whichever service, page or console makes it, starts a new generation.
        for model in (
            Grant,
            AccessRequest,
            OnlineService,
            Signatory,
            Association,
            Installation,
            Establishment,
            OptilabCluster,
        ):
            for signal in (post_save, post_delete):
                signal.connect(
                    signatory_contexts_forget,
                    sender=model,
                    dispatch_uid=f"establishments.contexts_forget.{model.__name__}",
                )
