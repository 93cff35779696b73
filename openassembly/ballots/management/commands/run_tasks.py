"""`openassembly run-tasks`: send queued ballot and paper mail, queue due reminders, place
agenda items, and bring waiting constitution versions into force on their date."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from openassembly.ballots.services.agenda import place_pending_requests
from openassembly.ballots.tasks import close_due_polls, process_tasks, schedule_reminders
from openassembly.core.services import bring_constitutions_into_force
from openassembly.meetings.tasks import process_mailings


class Command(BaseCommand):
    help = (
        "Run background tasks: close voting at its closing time, ballot mail with progress, "
        "reminders, petition agenda items, papers mailed to members, constitution versions "
        "taking effect."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run what is due, then stop")
        parser.add_argument("--sleep", type=float, default=5.0, help="seconds between rounds")

    def handle(self, *args, once: bool = False, sleep: float = 5.0, **options):
        while True:
            closed = close_due_polls()
            reminders = schedule_reminders()
            placed = place_pending_requests()
            ran = process_tasks()
            in_force = bring_constitutions_into_force()
            mailed = process_mailings()
            if ran or reminders or placed or closed or in_force or mailed or once:
                self.stdout.write(
                    f"polls closed: {closed}; tasks run: {ran}; reminders queued: {reminders}; "
                    f"agenda items placed: {placed}; constitutions in force: {in_force}; "
                    f"paper mailings run: {mailed}"
                )
            if once:
                return
            time.sleep(sleep)
