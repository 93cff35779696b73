"""Found an organisation: its constitution, its founding officers, and the founding recorded.

Lives in the bodies app because founding seats people (bodies) who are on the register
(members) of an organisation (core); the seats are filled through bodies.services, by the
founding route, the one time a seat is filled without an election.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from openassembly.bodies.services import found_organisation
from openassembly.core.actors import System
from openassembly.core.errors import ServiceError
from openassembly.rules import ConstitutionError
from openassembly.rules.loader import MAX_CHARACTERS

_NAMED = re.compile(r"\s*(?P<name>[^<>]*?)\s*<(?P<email>[^<>]+)>\s*")
MAX_FOUNDERS = 50


def parse_founders(text: str) -> list[tuple[str, str]]:
    """``"Ada Lovelace <ada@example.org>,bo@example.org"`` as (name, email) pairs; a bare
    address gives a name from its local part, which the founder can correct after signing in."""
    founders = []
    items = [item for item in text.split(",") if item.strip()]
    if len(items) > MAX_FOUNDERS:
        raise CommandError(f"--founders: {len(items)} founders; at most {MAX_FOUNDERS}")
    for item in items:
        named = _NAMED.fullmatch(item)
        name, email = (named["name"], named["email"].strip()) if named else ("", item.strip())
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"--founders: {item.strip()!r} is not an email address (write "
                               "a@example.org or \"Ada Lovelace <a@example.org>\")") from None
        if any(ord(ch) < 32 for ch in name) or len(name) > 200:
            raise CommandError(f"--founders: the name in {item.strip()!r} must be one line of "
                               "at most 200 characters")
        if not name:
            name = re.sub(r"[._+-]+", " ", email.partition("@")[0]).strip().title() or email
        founders.append((name, email.lower()))
    emails = [email for _, email in founders]
    repeated = sorted({e for e in emails if emails.count(e) > 1})
    if repeated:
        raise CommandError(f"--founders: {', '.join(repeated)} named more than once")
    return founders


class Command(BaseCommand):
    help = ("Found an organisation from its constitution file (TOML), seat its founding "
            "officers and record the founding.")

    def add_arguments(self, parser):
        parser.add_argument("constitution", type=Path)
        parser.add_argument(
            "--founders", default="",
            help="The founding officers, one for each founding officer seat in the "
                 "constitution's order, comma-separated: a@x.org or \"Ada Lovelace "
                 "<a@x.org>\". Without it, the constitution's [[founding.founders]].")
        parser.add_argument("--adopted-by", default="the founding meeting")

    def handle(self, *args, constitution: Path, founders: str, adopted_by: str, **options):
        named = parse_founders(founders)
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
        if not adopted_by.strip():
            raise CommandError("--adopted-by: say who adopted the constitution")
        try:
            organisation, holdings = found_organisation(
                System(adopted_by), constitution_text=text, founders=named)
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
        for holding in holdings:
            self.stdout.write(f"  {holding.seat_group}: {holding.member.name} "
                              f"<{holding.member.email}>")
        self.stdout.write("The founding is recorded; from now on seats are filled only by their "
                          "routes (elections, nominations). Each founder sets a password by "
                          "claiming their account at /accounts/claim/ with the address above.")
