from django.apps import AppConfig


class BallotsConfig(AppConfig):
    name = "openassembly.ballots"
    label = "ballots"

    def ready(self) -> None:
        # Declares this app's transition tables with the one state machine (core.states).
        from . import states  # noqa: F401
