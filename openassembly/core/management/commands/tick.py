"""`openassembly tick`: enqueue whatever background work is due, then stop.

Run it from cron once a minute; `openassembly db-worker` carries out what it enqueues. Each
app registers its own checks (see ``openassembly.core.schedule``).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from openassembly.core import schedule


class Command(BaseCommand):
    help = (
        "Enqueue the background work that is due (closing polls, reminders, agenda items, "
        "constitution versions taking effect, interrupted mail, ledger seals) for the worker "
        "(`openassembly db-worker`). Run from cron each minute."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=float, default=0, metavar="SECONDS",
            help="keep ticking at this interval (for `make demo`; in production cron runs "
                 "one tick a minute)")

    def handle(self, *args, every: float = 0, **options):
        while True:
            enqueued = schedule.tick()
            if options["verbosity"] >= 1:
                self.stdout.write("; ".join(f"{name}: {n}" for name, n in enqueued.items()))
            if not every:
                return
            time.sleep(every)
