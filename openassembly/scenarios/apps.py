from django.apps import AppConfig


class ScenariosConfig(AppConfig):
    name = "openassembly.scenarios"
    label = "scenarios"
    verbose_name = "Electoral analysis scenarios"
