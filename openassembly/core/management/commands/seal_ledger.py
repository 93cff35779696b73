from django.core.management.base import BaseCommand

from openassembly.core.ledger import seal_checkpoint
from openassembly.core.models import Organisation


class Command(BaseCommand):
    help = "Seal every organisation's pending ledger events into a checkpoint (run from cron)."

    def handle(self, *args, **options):
        for organisation in Organisation.objects.order_by("slug"):
            checkpoint = seal_checkpoint(organisation)
            if checkpoint:
                self.stdout.write(
                    f"{organisation.slug}: checkpoint {checkpoint.number} sealed "
                    f"{checkpoint.count} events, hash {checkpoint.hash}"
                )
            else:
                self.stdout.write(f"{organisation.slug}: nothing to seal")
