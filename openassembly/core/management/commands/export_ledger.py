import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openassembly.core.ledger import export_ledger
from openassembly.core.models import Organisation


class Command(BaseCommand):
    help = "Write an organisation's ledger as a JSON Lines file anyone can verify."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True)
        parser.add_argument("--out", type=Path, help="file to write (default: standard output)")

    def handle(self, *args, org: str, out: Path | None, **options):
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"no organisation with the slug '{org}'")
        if out is None:
            export_ledger(organisation, sys.stdout)
            return
        with out.open("w", encoding="utf-8") as fp:
            export_ledger(organisation, fp)
        self.stderr.write(f"wrote {out}")
