from django.apps import AppConfig


class BallotsConfig(AppConfig):
    name = "openassembly.ballots"
    label = "ballots"
