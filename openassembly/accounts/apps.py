from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "openassembly.accounts"
    label = "accounts"
