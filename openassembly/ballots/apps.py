from django.apps import AppConfig


class BallotsConfig(AppConfig):
    name = "openassembly.ballots"
    label = "ballots"

    def ready(self) -> None:
        from openassembly.ballots.sensitive import CANCEL_POLL
        from openassembly.core import sensitive

        sensitive.register(CANCEL_POLL)  # this app's two-officer act

        # states declares this app's transition tables with core.states when imported.
        from . import events, states  # noqa: F401

        events.register_kinds()  # this app's ledger event kinds

        from . import tasks

        tasks.register()  # this app's scheduled work

        from . import compliance, petition_authority

        compliance.register()  # stalled ballots, carried results not carried out
        petition_authority.register()  # petitions and carried ballots as authority
        from . import authority

        authority.register()  # declared election results are authority for seats
