from django.apps import AppConfig


class BodiesConfig(AppConfig):
    name = "openassembly.bodies"
    label = "bodies"
