from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from openassembly.core.errors import InvalidInput, ServiceError
from openassembly.core.models import Organisation
from openassembly.members.importer import (
    ImportRejected,
    StandingRefused,
    check_size,
    import_members,
)
from openassembly.members.models import Member


class Command(BaseCommand):
    help = (
        "Import a member roll from CSV (columns: name,email and optionally region, local_group, "
        "joined_on, status, phone, address, public_office_holder). The whole file is checked "
        "first; nothing is written if any row is bad."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument(
            "--as",
            dest="actor",
            required=True,
            help="email of the officer making the import (must hold the import-members power)",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, file: Path, org: str, actor: str, no_progress: bool, **options):
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"no organisation with the slug '{org}'")
        member = Member.objects.filter(organisation=organisation, email__iexact=actor).first()
        if member is None:
            raise CommandError(f"{actor} is not a member of {organisation.name}")
        try:
            check_size(file.stat().st_size)  # before reading it into memory
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}") from error
        except InvalidInput as error:
            raise CommandError(f"{file}: {error}") from error
        bar = tqdm(total=None, unit="rows", disable=no_progress, desc="writing")
        state = {"done": 0}

        def progress(done: int) -> None:
            bar.update(done - state["done"])
            state["done"] = done

        try:
            report = import_members(member, organisation=organisation, data=data, progress=progress)
        except ImportRejected as rejected:
            bar.close()
            errors = rejected.report.errors
            if len(errors) == 1:  # one problem, one line
                raise CommandError(f"{file}: nothing was imported: {errors[0]}") from rejected
            raise CommandError(f"{file}: {rejected}") from rejected
        except StandingRefused as refused:
            bar.close()
            lines = "\n".join(refused.report.errors)
            raise CommandError(f"{file}: {refused}\n{lines}") from refused
        except ServiceError as error:
            bar.close()
            raise CommandError(f"{file}: {error}") from error
        bar.close()
        self.stdout.write(
            f"{report.rows} rows: {report.added} added, {report.updated} updated, "
            f"{report.unchanged} unchanged"
        )
