"""A consistent archive of one organisation: its rows, its files and its ledger.

The archive is a zip file (docs/operations.md, "Backup and restore"):

    manifest.json          format, version, organisation, schema (applied migrations), and for
                           every table and file its row count or size and SHA-256
    data/<app.Model>.jsonl one row per line, {"model", "pk", "fields"} as Django serialises it,
                           with times written in full (microseconds included)
    media/<path>           the organisation's files under MEDIA_ROOT (<area>/<slug>/...)

Which rows belong to an organisation is worked out from the models, not listed by hand, so a
table added later is backed up without anyone remembering to: a model belongs if a chain of
foreign keys leads from it to the organisation; accounts (the user model) come with the
members who use them; a model whose only link is to accounts comes with those accounts.
Sessions and the background workers' queues are left out on purpose (a restored install
signs people in afresh, and queued work belongs to the install, not the organisation); every
model left out is named in the manifest.

Everything is read in one transaction (REPEATABLE READ on PostgreSQL, which SQLite gives a
reading transaction anyway), so the archive is one moment of the organisation: the ledger's
events and checkpoints in it agree, whatever was being written meanwhile. Ids are kept: an
event's id is its seq, which its hash covers.

Generic over the app registry, like dumpdata: core imports no other app.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

from openassembly.core import clock
from openassembly.core.models import Checkpoint, LedgerEvent, Organisation

FORMAT = "openassembly-backup"
VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 2000
# Left out on purpose: sign-in sessions (secrets, and a restored install signs people in
# afresh), Django's own bookkeeping, and the background workers' queues.
EXCLUDED_APPS = {"sessions", "contenttypes", "admin", "django_tasks", "django_tasks_database"}
EXCLUDED_MODELS = {"auth.Permission", "auth.Group", "auth.Group_permissions"}


class BackupError(Exception):
    """The archive cannot be made or used; the message says why, in one line."""


@dataclass(frozen=True)
class Part:
    """One model's share of the organisation, and how to select it."""

    model: type[models.Model]
    lookup: str  # the filter that selects the organisation's rows, e.g. "division__organisation"
    via_users: bool = False  # selected by the accounts that come with the organisation

    @property
    def label(self) -> str:
        return self.model._meta.label


def _user_model() -> type[models.Model]:
    return apps.get_model(settings.AUTH_USER_MODEL)


def _forward_keys(model: type[models.Model]) -> list[models.ForeignKey]:
    return [
        field
        for field in model._meta.concrete_fields
        if field.is_relation and field.many_to_one and field.related_model is not model
    ]


def _path_to_organisation(model: type[models.Model]) -> str | None:
    """The shortest chain of non-null foreign keys from ``model`` to Organisation."""
    queue = deque([(model, "")])
    seen = {model}
    while queue:
        current, path = queue.popleft()
        for field in _forward_keys(current):
            if field.null:
                continue  # a nullable link does not say whose a row is
            target = field.related_model
            step = f"{path}__{field.name}" if path else field.name
            if target is Organisation:
                return step
            if target not in seen:
                seen.add(target)
                queue.append((target, step))
    return None


def plan() -> tuple[list[Part], list[str]]:
    """(the parts of an organisation, in an order that inserts targets first; the models left
    out, by label)."""
    user = _user_model()
    parts: dict[type[models.Model], Part] = {}
    skipped: list[str] = []
    candidates = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model is not Organisation and not model._meta.proxy
    ]
    for model in candidates:
        label = model._meta.label
        if model._meta.app_label in EXCLUDED_APPS or label in EXCLUDED_MODELS:
            skipped.append(label)
            continue
        if model is user:
            parts[model] = Part(model, "", via_users=True)
            continue
        path = _path_to_organisation(model)
        if path is not None:
            parts[model] = Part(model, path)
            continue
        to_user = [f for f in _forward_keys(model) if f.related_model is user and not f.null]
        if to_user:
            parts[model] = Part(model, to_user[0].name, via_users=True)
        else:
            skipped.append(label)
    # The organisation's own row goes first; everything else points at it.
    return [Part(Organisation, "pk"), *_ordered(list(parts.values()))], sorted(skipped)


def _ordered(parts: list[Part]) -> list[Part]:
    """Targets of non-null keys before the rows that point at them. The database checks keys
    at commit in any case (Django declares them deferrable), so a cycle through nullable keys
    (a motion's minutes, approved by a division on a motion) needs no special handling."""
    by_model = {part.model: part for part in parts}
    done: list[Part] = []
    placed: set[type[models.Model]] = set()

    def place(part: Part, stack: frozenset) -> None:
        if part.model in placed or part.model in stack:
            return
        for field in _forward_keys(part.model):
            target = by_model.get(field.related_model)
            if target is not None and not field.null:
                place(target, stack | {part.model})
        placed.add(part.model)
        done.append(part)

    for part in sorted(parts, key=lambda p: p.label):
        place(part, frozenset())
    return done


def rows_of(organisation: Organisation, part: Part, users: set[int]) -> models.QuerySet:
    manager = part.model._base_manager
    if part.via_users:
        if part.model is _user_model():
            return manager.filter(pk__in=users).order_by("pk")
        return manager.filter(**{f"{part.lookup}__in": users}).order_by("pk")
    return manager.filter(**{part.lookup: organisation.pk}).order_by("pk")


def users_of(organisation: Organisation, parts: list[Part]) -> set[int]:
    """The accounts the organisation's rows point at (its members' sign-ins, above all)."""
    user = _user_model()
    found: set[int] = set()
    for part in parts:
        if part.via_users:
            continue
        for field in _forward_keys(part.model):
            if field.related_model is user:
                found.update(
                    part.model._base_manager.filter(**{part.lookup: organisation})
                    .exclude(**{f"{field.attname}__isnull": True})
                    .values_list(field.attname, flat=True)
                )
    return found


def media_files(organisation: Organisation) -> list[tuple[str, Path]]:
    """The organisation's files: everything under MEDIA_ROOT/<area>/<slug>/ (the layout every
    writer of files follows, e.g. exports/<slug>/), as (archive-relative path, real path)."""
    root = Path(settings.MEDIA_ROOT)
    found: list[tuple[str, Path]] = []
    if not root.is_dir():
        return found
    for area in sorted(p for p in root.iterdir() if p.is_dir() and not p.is_symlink()):
        mine = area / organisation.slug
        if not mine.is_dir() or mine.is_symlink():
            continue
        for path in sorted(mine.rglob("*")):
            if path.is_file() and not path.is_symlink():
                found.append((path.relative_to(root).as_posix(), path))
    return found


def schema() -> dict[str, str]:
    """The newest applied migration of each app: an archive loads into the same schema only."""
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def encode(value: Any) -> Any:
    """JSON for the values Django's python serialiser leaves native. Times in full: Django's
    JSON encoder cuts them to milliseconds, and an event's hash covers its microseconds."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        raise TypeError("binary values are serialised as base64 text by Django")
    raise TypeError(f"cannot write {type(value).__name__} to a backup")


def _dump_line(row: dict) -> bytes:
    return (
        json.dumps(row, default=encode, ensure_ascii=False, separators=(",", ":")) + "\n"
    ).encode()


class _Hashing:
    """A binary writer that also counts and hashes what passes through it."""

    def __init__(self, target: IO[bytes]) -> None:
        self.target = target
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self.digest.update(data)
        self.size += len(data)
        self.target.write(data)


def _serialised(queryset: models.QuerySet) -> Iterator[dict]:
    serializer = serializers.get_serializer("python")()
    batch: list[models.Model] = []
    for obj in queryset.iterator(chunk_size=CHUNK):
        batch.append(obj)
        if len(batch) == CHUNK:
            yield from serializer.serialize(batch)
            batch = []
    if batch:
        yield from serializer.serialize(batch)


def write_backup(organisation: Organisation, out: Path) -> dict[str, Any]:
    """Write the archive to ``out`` (atomically: a temporary file renamed into place) and
    return its manifest."""
    directory = out.parent if str(out.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{out.name}.", suffix=".tmp")
    os.close(handle)
    try:
        with _snapshot():
            manifest = _write(organisation, Path(temporary))
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return manifest


class _snapshot:  # used as a context manager, like transaction.atomic
    """One reading transaction, so every query sees the same moment. On PostgreSQL it is
    REPEATABLE READ, READ ONLY. On SQLite it is a DEFERRED transaction: under WAL a reader's
    snapshot starts at its first read, and writers carry on (transaction.atomic would begin
    IMMEDIATE, as the settings ask for writes, and hold every writer back until the backup
    ended). Inside a transaction already begun (the tests'), that one is used as it is."""

    def __enter__(self) -> None:
        self.manual = connection.vendor == "sqlite" and not connection.in_atomic_block
        if self.manual:
            connection.ensure_connection()
            with connection.cursor() as cursor:
                cursor.execute("BEGIN DEFERRED")
            return
        outer = connection.in_atomic_block
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        if connection.vendor == "postgresql" and not outer:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")

    def __exit__(self, *exc: object) -> None:
        if self.manual:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")  # it only read
            return
        self.atomic.__exit__(*exc)


def _write(organisation: Organisation, path: Path) -> dict[str, Any]:
    parts, skipped = plan()
    users = users_of(organisation, parts)
    tables = []
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for part in parts:
            name = f"data/{part.label}.jsonl"
            rows = 0
            with archive.open(name, "w", force_zip64=True) as entry:
                writer = _Hashing(entry)
                for row in _serialised(rows_of(organisation, part, users)):
                    writer.write(_dump_line(row))
                    rows += 1
            tables.append({"model": part.label, "file": name, "rows": rows,
                           "sha256": writer.digest.hexdigest()})  # fmt: skip
        files = []
        for relative, real in media_files(organisation):
            name = f"media/{relative}"
            with real.open("rb") as source, archive.open(name, "w", force_zip64=True) as entry:
                writer = _Hashing(entry)
                for block in iter(lambda source=source: source.read(1 << 20), b""):
                    writer.write(block)
            files.append({"path": relative, "file": name, "size": writer.size,
                          "sha256": writer.digest.hexdigest()})  # fmt: skip
        last = Checkpoint.objects.filter(organisation=organisation).order_by("-number").first()
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "org": organisation.slug,
            "created_at": clock.now().isoformat(),
            "database": connection.vendor,
            "schema": schema(),
            "tables": tables,
            "files": files,
            "skipped": skipped,
            "ledger": {
                "events": LedgerEvent.objects.filter(organisation=organisation).count(),
                "checkpoints": last.number if last else 0,
                "head": last.hash if last else None,
            },
        }
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    return manifest
