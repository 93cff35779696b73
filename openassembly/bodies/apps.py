from django.apps import AppConfig


class BodiesConfig(AppConfig):
    name = "openassembly.bodies"
    label = "bodies"

    def ready(self) -> None:
        from . import events

        events.register_kinds()
