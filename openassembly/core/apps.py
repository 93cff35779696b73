from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "openassembly.core"
    label = "core"
    verbose_name = "Organisations, constitution and ledger"

    def ready(self) -> None:
        from openassembly.core import events, ledger, schedule, tasks

        events.register("core", *events.CORE_KINDS)  # this app's ledger event kinds
        schedule.register("constitutions in force", tasks.due_constitutions)
        schedule.register("ledger seals", ledger.due_seals)
        schedule.register("secret ballots vacuumed", tasks.due_vacuums)
        schedule.register("finished tasks pruned", tasks.due_pruning)
