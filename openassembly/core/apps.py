from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "openassembly.core"
    label = "core"
    verbose_name = "Organisations, constitution and ledger"

    def ready(self) -> None:
        from . import events

        events.register("core", *events.CORE_KINDS)
