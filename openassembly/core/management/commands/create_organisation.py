from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openassembly.core.actors import System
from openassembly.core.errors import ServiceError
from openassembly.core.services import create_organisation


class Command(BaseCommand):
    help = "Found an organisation from its constitution file (TOML)."

    def add_arguments(self, parser):
        parser.add_argument("constitution", type=Path)
        parser.add_argument("--adopted-by", default="the founding meeting")

    def handle(self, *args, constitution: Path, adopted_by: str, **options):
        try:
            text = constitution.read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"cannot read {constitution}: {error.strerror}") from error
        try:
            organisation = create_organisation(System(adopted_by), constitution_text=text)
        except ServiceError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Created {organisation.name} at /o/{organisation.slug}/")
