from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "openassembly.meetings"
    label = "meetings"

    def ready(self) -> None:
        from openassembly.core import sensitive
        from openassembly.meetings.sensitive import CANCEL_MEETING, CORRECT_RESULT

        sensitive.register(CORRECT_RESULT)  # this app's two-officer acts
        sensitive.register(CANCEL_MEETING)

        # states declares this app's transition tables with core.states when imported.
        from . import events, states  # noqa: F401

        events.register_kinds()  # this app's ledger event kinds

        from . import tasks

        tasks.register()  # this app's scheduled work

        from . import compliance

        compliance.register()  # this app's checks on the compliance record

        from . import authority

        authority.register()  # decisions as authority for other apps' acts
