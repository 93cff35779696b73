from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "openassembly.members"
    label = "members"
