from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "openassembly.core"
    label = "core"
    verbose_name = "Organisations, constitution and ledger"
