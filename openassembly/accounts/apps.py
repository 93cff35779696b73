from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "openassembly.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import events

        events.register_kinds()
