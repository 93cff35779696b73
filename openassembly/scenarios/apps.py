from django.apps import AppConfig


class ScenariosConfig(AppConfig):
    name = "openassembly.scenarios"
    label = "scenarios"
    verbose_name = "Electoral analysis scenarios"

    def ready(self) -> None:
        from . import events

        events.register_kinds()
