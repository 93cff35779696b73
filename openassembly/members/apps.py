from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "openassembly.members"
    label = "members"

    def ready(self) -> None:
        from openassembly.core import sensitive
        from openassembly.members.sensitive import ERASE_MEMBER

        sensitive.register(ERASE_MEMBER)  # this app's two-officer act

        # Declares this app's transition tables with the one state machine (core.states).
        from . import states  # noqa: F401
