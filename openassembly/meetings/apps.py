from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "openassembly.meetings"
    label = "meetings"
