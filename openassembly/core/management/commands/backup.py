from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openassembly.core.backup import BackupError, write_backup
from openassembly.core.models import Organisation


class Command(BaseCommand):
    help = (
        "Write a consistent archive of one organisation (its rows, its files under MEDIA_ROOT "
        "and its ledger), read in one transaction; `openassembly restore` loads it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("--out", required=True, type=Path, help="the archive to write (.zip)")

    def handle(self, *args, org: str, out: Path, **options):
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"no organisation with the slug '{org}'")
        try:
            manifest = write_backup(organisation, out)
        except BackupError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"cannot write {out}: {error.strerror or error}") from error
        rows = sum(table["rows"] for table in manifest["tables"])
        ledger = manifest["ledger"]
        self.stdout.write(
            f"{org}: wrote {out}: {rows} rows in {len(manifest['tables'])} tables, "
            f"{len(manifest['files'])} files, ledger of {ledger['events']} events ending at "
            f"checkpoint {ledger['checkpoints']} ({ledger['head']})"
        )
