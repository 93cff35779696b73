from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "openassembly.demo"
    label = "demo"
    verbose_name = "The demo organisation"
