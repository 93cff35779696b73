from django.core.management.base import BaseCommand, CommandError

from openassembly.core import authority_doc


class Command(BaseCommand):
    help = ("Write docs/authority.md from the registry of acts and the authority each accepts "
            "(--check: only say whether it is up to date).")

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="exit non-zero if the page differs from the registry")
        parser.add_argument("--output", help="write here instead of docs/authority.md")

    def handle(self, *args, check: bool = False, output: str | None = None, **options):
        path = authority_doc.doc_path() if output is None else authority_doc.Path(output)
        text = authority_doc.render()
        if check:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                raise CommandError(f"{path} is out of date: run `openassembly authority-catalogue`")
            self.stdout.write(f"{path} is up to date.")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {path} ({text.count(chr(10))} lines).")
