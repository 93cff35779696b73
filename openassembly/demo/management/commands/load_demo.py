from django.core.management.base import BaseCommand

from openassembly.core.ledger import seal_checkpoint
from openassembly.core.models import Organisation
from openassembly.demo import organisation as demo


class Command(BaseCommand):
    help = "Load the fictional demo organisation (Commonweal Alliance) unless it is there already."

    def handle(self, *args, **options):
        if Organisation.objects.filter(slug="commonweal").exists():
            self.stdout.write("The demo organisation is loaded already.")
        else:
            # Sealed at once, so the demo's ledger shows checkpoints before the worker's first
            # tick (which seals whatever comes after within the minute).
            seal_checkpoint(demo.load_demo())
            self.stdout.write("Loaded the demo organisation: Commonweal Alliance.")
        self.stdout.write(
            "\n  Demo officer (secretary): "
            f"{demo.OFFICER_EMAIL} / {demo.DEMO_PASSWORD}"
            f"\n  Second officer (chair):   {demo.SECOND_OFFICER_EMAIL} / {demo.DEMO_PASSWORD}"
            f"\n  Third officer (treasurer): {demo.TREASURER_EMAIL} / {demo.DEMO_PASSWORD}"
            f"\n  Officers' two-factor key: {demo.DEMO_TOTP_SECRET} (add it to an authenticator "
            "app, or print the current code with: openassembly demo-code)"
            f"\n  Demo member:              {demo.MEMBER_EMAIL} / {demo.DEMO_PASSWORD}"
            f"\n  Applicant to join:        {demo.APPLICANT_EMAIL} / {demo.DEMO_PASSWORD}"
            "\n\n  The README's \"Things to try\" says what to do with each.\n"
        )
