from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "openassembly.api"
    label = "api"
