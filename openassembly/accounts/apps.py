from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "openassembly.accounts"
    label = "accounts"

    def ready(self) -> None:
        # states declares this app's transition tables with core.states when imported.
        from . import events, states  # noqa: F401

        events.register_kinds()  # this app's ledger event kinds
