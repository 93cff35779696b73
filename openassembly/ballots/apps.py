from django.apps import AppConfig


class BallotsConfig(AppConfig):
    name = "openassembly.ballots"
    label = "ballots"

    def ready(self) -> None:
        from . import events

        events.register_kinds()
