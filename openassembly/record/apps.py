from django.apps import AppConfig


class RecordConfig(AppConfig):
    name = "openassembly.record"
    label = "record"

    def ready(self) -> None:
        from openassembly.core import sensitive
        from openassembly.record import compliance
        from openassembly.record.sensitive import FULL_EXPORT

        sensitive.register(FULL_EXPORT)  # this app's two-officer act
        compliance.register()  # acts of power refused, read back from the ledger
