from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "sel.core"
    label = "core"
    verbose_name = "SEL"

    def ready(self) -> None:
        # Registers every app's tasks and periodic jobs, in the web server and in the worker alike.
        autodiscover_modules("tasks")
        from sel.core import lookups

        lookups.register()
