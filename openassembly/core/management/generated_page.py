"""One command shape for the docs pages generated from a registry (ledger events, acts):
write the page, or with --check only say whether it is current."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class GeneratedPageCommand(BaseCommand):
    source = ""  # what the page is generated from, in words
    command = ""  # the command people run to regenerate it
    default_path: Callable[[], Path]
    render: Callable[[], str]

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help=f"exit non-zero if the page differs from the {self.source}")
        parser.add_argument("--output", help="write here instead of the docs page")

    def handle(self, *args, check: bool = False, output: str | None = None, **options):
        path = type(self).default_path() if output is None else Path(output)
        text = type(self).render()
        if check:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                raise CommandError(f"{path} is out of date: run `openassembly {self.command}`")
            self.stdout.write(f"{path} is up to date.")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {path} ({text.count(chr(10))} lines).")
