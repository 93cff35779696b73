from django.apps import AppConfig


class BallotsConfig(AppConfig):
    name = "openassembly.ballots"
    label = "ballots"

    def ready(self) -> None:
        from openassembly.ballots.sensitive import CANCEL_POLL
        from openassembly.core import sensitive

        sensitive.register(CANCEL_POLL)  # this app's two-officer act

        # Declares this app's transition tables with the one state machine (core.states).
        from . import states  # noqa: F401
