from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openassembly import ledger as pure
from openassembly.core.backup import BackupError
from openassembly.core.restore import restore


class Command(BaseCommand):
    help = (
        "Load an archive written by `openassembly backup` into a database that does not hold "
        "the organisation; all or nothing, committed only if the ledger verifies."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="HASH",
            help="a checkpoint hash you saw published (HASH or NUMBER:HASH) that the restored "
            "ledger must reach; may be repeated",
        )

    def handle(self, *args, archive: Path, checkpoint: list[str], **options):
        try:
            anchors = tuple(pure.Anchor.parse(text) for text in checkpoint)
            manifest = restore(archive, anchors=anchors)
        except (BackupError, ValueError) as error:
            raise CommandError(f"{archive}: nothing was restored: {error}") from error
        ledger = manifest["ledger"]
        rows = sum(table["rows"] for table in manifest["tables"])
        self.stdout.write(
            f"{manifest['org']}: restored {rows} rows in {len(manifest['tables'])} tables and "
            f"{len(manifest['files'])} files; the ledger verifies: {ledger['events']} events, "
            f"head checkpoint {ledger['checkpoints']} ({ledger['head']})"
        )
