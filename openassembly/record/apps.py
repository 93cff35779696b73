from django.apps import AppConfig


class RecordConfig(AppConfig):
    name = "openassembly.record"
    label = "record"
