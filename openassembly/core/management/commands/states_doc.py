from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from openassembly.core.states import describe


class Command(BaseCommand):
    help = "Write docs/states.md from the transition tables (a test fails when they differ)."

    def handle(self, *args, **options):
        page = Path(settings.BASE_DIR) / "docs" / "states.md"
        page.write_text(describe())
        self.stdout.write(f"wrote {page}")
