"""Member roll import from CSV: validate the whole file, then write it all or nothing.

Re-importing the same file changes nothing: rows are matched on email address, and a
row whose fields equal the register's is left alone and not counted.

An import adds members and updates their details; it never changes anyone's standing. A
member's standing changes only by the dues rule or a disciplinary decision (rules/standing.py),
so a ``status`` column is read only as a check: a row whose status agrees with the register
(a roll exported and imported again, or a new member marked active) passes, and a file with any
row that asks for a different standing is refused whole, each such line listed with the rule,
and the refusal is on the ledger. Refused rather than ignored: an officer who meant to suspend
someone by import must not come away believing they had.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from openassembly.core import clock
from openassembly.core.authority import AuthorityRefused, Route, acts
from openassembly.core.errors import InvalidInput
from openassembly.core.ledger import append_event, commitment
from openassembly.core.models import Organisation
from openassembly.core.powers import require_power
from openassembly.core.text import plain_name

from .models import Affiliate, Member, Region

REQUIRED = ("name", "email")
OPTIONAL = (
    "region",
    "local_group",
    "joined_on",
    "status",
    "phone",
    "address",
    "public_office_holder",
)
COMPARED = (
    "name",
    "region_id",
    "local_group_id",
    "phone",
    "address",
    "public_office_holder",
)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TRUE = {"yes", "y", "true", "1"}
FALSE = {"no", "n", "false", "0", ""}
BATCH = 2000
MAX_ERRORS = 200
# Bounds checked before anything is allocated for the rows. A roll of 100,000 members is about
# 15 MB and imports in about 13 s with 200 MB of memory (docs/operations.md); these allow five
# times that in one file. A larger roll goes in several files: rows are matched on email, so
# importing the parts one after another gives the same register as one file would.
MAX_BYTES = 100 * 1024 * 1024
MAX_ROWS = 500_000
# Longest value of each column; the register's own column sizes where it has them.
MAX_LENGTH = {
    "name": 200, "email": 254, "phone": 40, "address": 1_000, "region": 200,
    "local_group": 200, "joined_on": 10, "status": 12, "public_office_holder": 5,
}  # fmt: skip


@dataclass
class ImportReport:
    rows: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _listing(report: ImportReport) -> str:
    shown = "\n".join(report.errors[:MAX_ERRORS])
    more = len(report.errors) - MAX_ERRORS
    suffix = f"\n... and {more} more" if more > 0 else ""
    return f"Nothing was imported: {len(report.errors)} problem(s).\n{shown}{suffix}"


class ImportRejected(InvalidInput):
    def __init__(self, report: ImportReport) -> None:
        super().__init__(_listing(report))
        self.report = report


class StandingRefused(AuthorityRefused):
    """The file asks to change members' standing, which no import may do (an attempted act of
    power without its authority, so the decorator puts the refusal on the ledger)."""

    def __init__(self, report: ImportReport, *, rule: str, routes: str) -> None:
        # The message goes on the public ledger with the refusal: counts and rules, no rows.
        n = len(report.errors)
        super().__init__(
            f"Nothing was imported: {n} row{'' if n == 1 else 's'} would change a member's "
            f"standing, which an import never does; only {routes} can.", rule=rule)
        self.report = report


def _standing_rules(organisation: Organisation) -> str:
    """The rules that do change a member's standing, for the refusal to name."""
    constitution = organisation.constitution
    routes = []
    if constitution.dues is not None:
        routes.append(f"the dues rule ({constitution.dues.grace_rule})")
    if constitution.discipline is not None:
        routes.append(f"a disciplinary decision (rule {constitution.discipline.rule})")
    return " or ".join(routes) or "no route the constitution provides"


def check_size(size: int) -> None:
    """Refuse a file too large to import, before it is read."""
    if size > MAX_BYTES:
        raise InvalidInput(
            f"The file is {size / 2**20:,.0f} MB; at most {MAX_BYTES // 2**20} MB can be imported "
            "at once. Split the roll into several files and import each: rows are matched on "
            "email, so the result is the same."
        )


def _decode(raw: bytes) -> str:
    check_size(len(raw))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            f"The file is not UTF-8 text (byte {error.start} cannot be read); "
            "save it from your spreadsheet as 'CSV UTF-8'."
        ) from error
    nul = text.find("\x00")
    if nul != -1:
        raise InvalidInput(
            f"line {text.count(chr(10), 0, nul) + 1}: the file contains a NUL character; "
            "it is not a CSV file (save it from your spreadsheet as 'CSV UTF-8')."
        )
    return text


def _validate(organisation: Organisation, text: str, report: ImportReport) -> list[tuple]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return _validate_rows(organisation, reader, report)
    except csv.Error as error:
        # The csv module's own refusals, such as a field over its 131,072-character limit
        # (which it enforces as it reads, so nothing larger is ever held).
        raise InvalidInput(f"line {reader.line_num}: not a readable CSV file ({error})") from None


def _validate_rows(organisation: Organisation, reader: Any, report: ImportReport) -> list[tuple]:
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise InvalidInput(
            "The file is empty: it needs a header row and at least one member."
        ) from None
    if len(header) > len(REQUIRED + OPTIONAL) + 10:
        raise InvalidInput(f"line 1: {len(header):,} columns; a member roll has at most "
                           f"{len(REQUIRED + OPTIONAL)}")  # fmt: skip
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"missing column(s): {', '.join(missing)}")
        if unknown:
            allowed = ", ".join(REQUIRED + OPTIONAL)
            parts.append(f"unknown column(s): {', '.join(unknown)} (allowed: {allowed})")
        raise InvalidInput("line 1: " + "; ".join(parts))
    at = {name: header.index(name) for name in header}
    regions = {r.name.lower(): r.pk for r in Region.objects.filter(organisation=organisation)}
    groups = {}
    for g in Affiliate.objects.filter(organisation=organisation, kind="local-group"):
        groups[g.name.lower()] = g.pk
        groups[g.slug.lower()] = g.pk
    statuses = set(Member.Status.values)
    today = clock.today()
    seen: dict[str, int] = {}
    rows = []
    width = len(header)
    errors = report.errors
    for line, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        report.rows += 1
        if report.rows > MAX_ROWS:
            raise InvalidInput(
                f"line {line}: the file has more than {MAX_ROWS:,} members; import the roll in "
                "several files (rows are matched on email, so the result is the same)."
            )
        if len(record) != width:
            errors.append(f"line {line}: expected {width} fields, found {len(record)}")
            continue
        too_long = [
            f"{column} is {len(record[index]):,} characters (at most {MAX_LENGTH[column]:,})"
            for column, index in at.items()
            if len(record[index]) > MAX_LENGTH[column]
        ]
        if too_long:
            errors.append(f"line {line}: " + "; ".join(too_long))
            continue

        def cell(name: str, record=record) -> str:
            i = at.get(name)
            return record[i].strip() if i is not None else ""

        name, email = cell("name"), cell("email").lower()
        problems = []
        try:
            name = plain_name(name, what="name")
        except InvalidInput as refused:
            problems.append(str(refused).rstrip("."))
        if not name:
            problems.append("name is empty")
        if not EMAIL.match(email):
            problems.append(f"'{email}' is not an email address")
        elif email in seen:
            problems.append(f"{email} appears again (first on line {seen[email]})")
        else:
            seen[email] = line
        region_name = cell("region")
        region_id = regions.get(region_name.lower()) if region_name else None
        if region_name and region_id is None:
            problems.append(f"no region called '{region_name}'")
        group_name = cell("local_group")
        group_id = groups.get(group_name.lower()) if group_name else None
        if group_name and group_id is None:
            problems.append(f"no local group called '{group_name}'")
        joined = cell("joined_on")
        joined_on = today
        if joined:
            try:
                joined_on = date.fromisoformat(joined)
            except ValueError:
                problems.append(f"joined_on '{joined}' is not a date like 2024-03-31")
        status = cell("status").lower()
        if status and status not in statuses:
            problems.append(f"status '{status}' is not one of {', '.join(sorted(statuses))}")
        office = cell("public_office_holder").lower()
        if office not in TRUE | FALSE:
            problems.append(f"public_office_holder '{office}' should be yes or no")
        if problems:
            errors.append(f"line {line}: " + "; ".join(problems))
            continue
        rows.append(
            (
                email,
                name,
                region_id,
                group_id,
                status,
                cell("phone"),
                cell("address"),
                office in TRUE,
                joined_on,
                line,
            )
        )
    return rows


@acts(Route.OFFICE, power="import-members")
def import_members(
    actor: Member,
    *,
    organisation: Organisation,
    data: bytes,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Validate every row; if any is bad raise ImportRejected and write nothing."""
    require_power(organisation, actor, "import-members")
    report = ImportReport()
    rows = _validate(organisation, _decode(data), report)
    if report.errors:
        raise ImportRejected(report)
    existing = {
        values[0].lower(): values[1:]
        for values in Member.objects.filter(organisation=organisation)
        .exclude(email="")
        .values_list("email", "pk", *COMPARED, "status")
        .iterator(chunk_size=BATCH)
    }
    _refuse_standing_changes(organisation, rows, existing, report)
    creates: list[Member] = []
    updates: list[Member] = []
    for email, name, region_id, group_id, _status, phone, address, office, joined_on, _ in rows:
        wanted = (name, region_id, group_id, phone, address, office)
        current = existing.get(email)
        if current is not None and tuple(current[1:-1]) == wanted:
            report.unchanged += 1
            continue
        member = Member(
            pk=current[0] if current else None,
            organisation=organisation,
            email=email,
            name=name,
            region_id=region_id,
            local_group_id=group_id,
            phone=phone,
            address=address,
            public_office_holder=office,
            joined_on=joined_on,
        )
        (updates if current else creates).append(member)
    done = 0
    with transaction.atomic():
        for batch in _chunks(creates, BATCH):
            Member.objects.bulk_create(batch, batch_size=BATCH)
            done += len(batch)
            if progress:
                progress(done)
        for batch in _chunks(updates, BATCH):
            Member.objects.bulk_update(batch, list(COMPARED), batch_size=BATCH)
            done += len(batch)
            if progress:
                progress(done)
        report.added, report.updated = len(creates), len(updates)
        if creates or updates:
            append_event(
                organisation,
                kind="members.imported",
                actor=actor.name,
                data={
                    "rows": report.rows,
                    "added": report.added,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                    # A bare hash of a small roll could be confirmed by guessing its
                    # contents, so the public record carries a salted commitment instead.
                    "file": commitment(
                        organisation,
                        subject="member-imports",
                        value=hashlib.sha256(data).hexdigest(),
                    ),
                },
            )
    if progress:
        progress(len(rows))
    return report


def _refuse_standing_changes(organisation: Organisation, rows: list[tuple],
                             existing: dict[str, tuple], report: ImportReport) -> None:
    """Refuse the whole file if any row's status differs from the member's standing (a new
    member's is active): the import is no route to suspend, lapse or reinstate anyone."""
    routes = _standing_rules(organisation)
    for email, _name, _region, _group, status, *_details, line in rows:
        if not status:
            continue
        standing = existing[email][-1] if email in existing else Member.Status.ACTIVE
        if status != standing:
            who = "a new member joins active" if email not in existing else (
                f"the register has them as {standing}")
            report.errors.append(
                f"line {line}: status '{status}' would change a member's standing ({who}); "
                f"an import never does: only {routes} can. Remove the status column or make "
                "it agree with the register.")
    if report.errors:
        constitution = organisation.constitution
        rule = (constitution.discipline.rule if constitution.discipline is not None
                else constitution.membership.rule)
        raise StandingRefused(report, rule=rule, routes=routes)


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
