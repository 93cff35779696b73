from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "openassembly.meetings"
    label = "meetings"

    def ready(self) -> None:
        # Declares this app's transition tables with the one state machine (core.states).
        from . import states  # noqa: F401
