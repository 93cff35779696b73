from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "openassembly.core"
    label = "core"
    verbose_name = "Organisations, constitution and ledger"

    def ready(self) -> None:
        from openassembly.core import sensitive
        from openassembly.core.constitution_act import ADOPT_CONSTITUTION

        sensitive.register(ADOPT_CONSTITUTION)  # this app's two-officer act

        from . import events

        events.register("core", *events.CORE_KINDS)
