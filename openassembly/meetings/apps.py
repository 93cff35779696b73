from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "openassembly.meetings"
    label = "meetings"

    def ready(self) -> None:
        from openassembly.core import sensitive
        from openassembly.meetings.sensitive import CORRECT_RESULT

        sensitive.register(CORRECT_RESULT)  # this app's two-officer act

        # Declares this app's transition tables with the one state machine (core.states).
        from . import states  # noqa: F401
