from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openassembly import ledger as pure
from openassembly.core import clock
from openassembly.core.ledger import verify_organisation
from openassembly.core.models import Organisation


class Command(BaseCommand):
    help = (
        "Recompute the ledger's hashes and Merkle checkpoints from the database, or from an "
        "exported file, and report the first broken link. With --checkpoint, also check that "
        "the ledger still reaches a checkpoint hash that was published (a cut-off or rewritten "
        "tail is otherwise consistent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", help="organisation slug (default: every organisation)")
        parser.add_argument("--file", type=Path, help="verify an exported ledger file instead")
        parser.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="HASH",
            help="a checkpoint hash you saw published (HASH or NUMBER:HASH); may be repeated",
        )

    def handle(self, *args, org: str | None, file: Path | None, checkpoint: list[str], **options):
        try:
            anchors = [pure.Anchor.parse(text) for text in checkpoint]
        except ValueError as error:
            raise CommandError(str(error)) from error
        if file is not None:
            try:
                report = pure.verify_export(file, anchors=anchors)
            except pure.ExportError as error:
                raise CommandError(f"{file}: {error}") from error
            except OSError as error:
                raise CommandError(
                    f"{file}: cannot read the file ({error.strerror or error})"
                ) from error
            if not self._show(str(file), report):
                raise CommandError("the ledger does not verify")
            return
        organisations = Organisation.objects.order_by("slug")
        if org:
            organisations = organisations.filter(slug=org)
            if not organisations.exists():
                raise CommandError(f"no organisation with the slug '{org}'")
        elif anchors:
            # A checkpoint hash belongs to one organisation's ledger; checked against every
            # organisation it would fail for all but one.
            raise CommandError("--checkpoint needs --org: a checkpoint belongs to one ledger")
        broken = False
        for organisation in organisations:
            report = verify_organisation(organisation, anchors=anchors)
            broken |= not self._show(organisation.slug, report)
        if broken:
            raise CommandError("the ledger does not verify")

    def _show(self, name: str, report: pure.Report) -> bool:
        if not report.ok:
            self.stderr.write(f"{name}: BROKEN: {report.first_broken}")
            return False
        self.stdout.write(
            f"{name}: OK, {report.events_checked} events in {report.checkpoints_checked} "
            f"checkpoints ({report.unsealed} not yet sealed)"
        )
        for number in report.anchored:
            self.stdout.write(
                f"{name}: reaches published checkpoint {number}, and every later one extends it"
            )
        if report.oldest_unsealed:
            # Not a failure (events wait for the next seal), but nothing protects them yet:
            # say how long the oldest has been exposed so a stalled sealer shows.
            age = clock.now() - datetime.fromisoformat(report.oldest_unsealed)
            minutes = int(age.total_seconds() // 60)
            self.stdout.write(
                f"{name}: WARNING {report.unsealed} events not yet sealed, the oldest "
                f"{_duration(minutes)} old ({report.oldest_unsealed}); until sealed they "
                f"could be changed, removed or added without trace"
            )
        return True


def _duration(minutes: int) -> str:
    if minutes < 1:
        return "under a minute"
    if minutes < 120:
        return f"{minutes} minutes"
    if minutes < 2 * 24 * 60:
        return f"{minutes // 60} hours"
    return f"{minutes // (24 * 60)} days"
