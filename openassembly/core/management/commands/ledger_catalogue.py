from django.core.management.base import BaseCommand, CommandError

from openassembly.core import events_doc


class Command(BaseCommand):
    help = ("Write docs/ledger-events.md from the catalogue of ledger event kinds "
            "(--check: only say whether it is up to date).")

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="exit non-zero if the page differs from the catalogue")
        parser.add_argument("--output", help="write here instead of docs/ledger-events.md")

    def handle(self, *args, check: bool = False, output: str | None = None, **options):
        path = events_doc.doc_path() if output is None else events_doc.Path(output)
        text = events_doc.render()
        if check:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                raise CommandError(f"{path} is out of date: run `openassembly ledger-catalogue`")
            self.stdout.write(f"{path} is up to date.")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {path} ({text.count(chr(10))} lines).")
