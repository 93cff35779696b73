from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "openassembly.members"
    label = "members"

    def ready(self) -> None:
        from openassembly.core import sensitive
        from openassembly.members.sensitive import ERASE_MEMBER

        sensitive.register(ERASE_MEMBER)  # this app's two-officer act

        # states declares this app's transition tables with core.states when imported.
        from . import events, states  # noqa: F401

        events.register_kinds()  # this app's ledger event kinds

        from . import compliance, tasks

        tasks.register()  # lapsing on the dues rule, by the timetable
        compliance.register()  # lapsed-member counts and arrears on the compliance record
