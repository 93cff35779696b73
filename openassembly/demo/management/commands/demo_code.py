import pyotp
from django.core.management.base import BaseCommand

from openassembly.demo import organisation as demo


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo officers (demo key only)."

    def handle(self, *args, **options):
        self.stdout.write(pyotp.TOTP(demo.DEMO_TOTP_SECRET).now())
