from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "openassembly.accounts"
    label = "accounts"

    def ready(self) -> None:
        # states declares this app's transition tables with core.states when imported.
        from openassembly.core import sensitive as registry

        from . import attempts, events, states  # noqa: F401  (attempts: axes' lock-out mail)
        from .sensitive import RESET_SECOND_FACTOR

        events.register_kinds()  # this app's ledger event kinds
        registry.register(RESET_SECOND_FACTOR)  # this app's two-officer act
