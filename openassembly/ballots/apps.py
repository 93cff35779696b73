from django.apps import AppConfig


class BallotsConfig(AppConfig):
    name = "openassembly.ballots"
    label = "ballots"

    def ready(self) -> None:
        from . import tasks

        tasks.register()
