from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openassembly import ledger as pure
from openassembly.core.ledger import verify_organisation
from openassembly.core.models import Organisation


class Command(BaseCommand):
    help = (
        "Recompute the ledger's hashes and Merkle checkpoints from the database, or from an "
        "exported file, and report the first broken link."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", help="organisation slug (default: every organisation)")
        parser.add_argument("--file", type=Path, help="verify an exported ledger file instead")

    def handle(self, *args, org: str | None, file: Path | None, **options):
        if file is not None:
            try:
                report = pure.verify_export(file)
            except (OSError, pure.ExportError) as error:
                raise CommandError(str(error)) from error
            if not self._show(str(file), report):
                raise CommandError("the ledger does not verify")
            return
        organisations = Organisation.objects.order_by("slug")
        if org:
            organisations = organisations.filter(slug=org)
            if not organisations.exists():
                raise CommandError(f"no organisation with the slug '{org}'")
        broken = False
        for organisation in organisations:
            broken |= not self._show(organisation.slug, verify_organisation(organisation))
        if broken:
            raise CommandError("the ledger does not verify")

    def _show(self, name: str, report) -> bool:
        if report.ok:
            self.stdout.write(
                f"{name}: OK, {report.events_checked} events in {report.checkpoints_checked} "
                f"checkpoints ({report.unsealed} not yet sealed)"
            )
            return True
        self.stderr.write(f"{name}: BROKEN: {report.first_broken}")
        return False
