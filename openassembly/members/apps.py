from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "openassembly.members"
    label = "members"

    def ready(self) -> None:
        # Declares this app's transition tables with the one state machine (core.states).
        from . import states  # noqa: F401
