from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "openassembly.meetings"
    label = "meetings"

    def ready(self) -> None:
        from . import tasks

        tasks.register()
