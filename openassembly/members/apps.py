from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "openassembly.members"
    label = "members"

    def ready(self) -> None:
        from . import events

        events.register_kinds()
