from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "openassembly.accounts"
    label = "accounts"

    def ready(self) -> None:
        # Declares this app's transition tables with the one state machine (core.states).
        from . import states  # noqa: F401
