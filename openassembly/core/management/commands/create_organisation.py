from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openassembly.core.actors import System
from openassembly.core.errors import ServiceError
from openassembly.core.services import create_organisation
from openassembly.rules import ConstitutionError
from openassembly.rules.loader import MAX_CHARACTERS


class Command(BaseCommand):
    help = "Found an organisation from its constitution file (TOML)."

    def add_arguments(self, parser):
        parser.add_argument("constitution", type=Path)
        parser.add_argument("--adopted-by", default="the founding meeting")

    def handle(self, *args, constitution: Path, adopted_by: str, **options):
        try:
            size = constitution.stat().st_size
            # Characters are at least one byte each, so this refuses nothing the loader accepts.
            if size > 4 * MAX_CHARACTERS:
                raise CommandError(f"{constitution}: the file is {size:,} bytes; a constitution "
                                   f"may be at most {MAX_CHARACTERS:,} characters")  # fmt: skip
            text = constitution.read_bytes().decode("utf-8")
        except OSError as error:
            raise CommandError(f"cannot read {constitution}: {error.strerror}") from error
        except UnicodeDecodeError as error:
            raise CommandError(
                f"{constitution}: not UTF-8 text (byte {error.start} cannot be read); save the "
                "constitution as UTF-8"
            ) from error
        try:
            organisation = create_organisation(System(adopted_by), constitution_text=text)
        except ServiceError as error:
            cause = error.__cause__
            if isinstance(cause, ConstitutionError):
                # One line, every problem on it, which is what a terminal or a log wants.
                problems = cause.problems
                count = f" ({len(problems)} problems)" if len(problems) > 1 else ""
                raise CommandError(
                    f"{constitution}: the constitution is not valid{count}: "
                    + "; ".join(str(problem) for problem in problems)
                ) from error
            raise CommandError(f"{constitution}: {error}") from error
        self.stdout.write(f"Created {organisation.name} at /o/{organisation.slug}/")
