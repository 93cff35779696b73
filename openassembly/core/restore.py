"""Loading an archive written by ``core.backup`` into a database that does not hold the
organisation, all or nothing.

Before anything is written every entry is checked against the manifest (its SHA-256 and row
count), the schema against the database's applied migrations, and the database for the
organisation and for every id the archive brings. Rows then go in with their own ids, in
one transaction, which commits only if the foreign keys hold, the ledger verifies and its
checkpoints are the ones the archive recorded. Files are written last and removed again if
the transaction fails.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, IntegrityError, connection, transaction

from openassembly import ledger as pure
from openassembly.core.backup import FORMAT, MANIFEST, VERSION, BackupError, schema
from openassembly.core.ledger import verify_organisation
from openassembly.core.models import Checkpoint, Organisation

BATCH = 1000
# A manifest lists tables and files, never rows: a few hundred kilobytes at most.
MAX_MANIFEST = 16 * 1024 * 1024
MAX_LINE = 64 * 1024 * 1024


def restore(path: Path, *, anchors: tuple[pure.Anchor, ...] = ()) -> dict[str, Any]:
    """Load the archive at ``path``; returns its manifest. Raises BackupError, naming what is
    wrong, and leaves the database and MEDIA_ROOT as they were."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError as error:
        raise BackupError(f"{path}: no such file") from error
    except (zipfile.BadZipFile, OSError) as error:
        raise BackupError(f"{path}: not an openassembly backup (not a zip archive)") from error
    with archive:
        manifest = _manifest(archive)
        _check_entries(archive, manifest)
        _check_schema(manifest)
        written: list[Path] = []
        try:
            with transaction.atomic():
                _check_empty(archive, manifest)
                _load(archive, manifest)
                _check_keys(manifest)
                _check_ledger(manifest, anchors)
                written = _write_files(archive, manifest)
                _reset_sequences(manifest)
        except BaseException:
            for file in written:
                file.unlink(missing_ok=True)
            raise
    return manifest


def _manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        info = archive.getinfo(MANIFEST)
    except KeyError:
        raise BackupError("not an openassembly backup (no manifest.json)") from None
    if info.file_size > MAX_MANIFEST:
        raise BackupError("manifest.json is too large to be a backup's manifest")
    try:
        manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError, zipfile.BadZipFile) as error:
        raise BackupError(f"manifest.json is not readable JSON ({error})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"not an openassembly backup (manifest format is not {FORMAT!r})")
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"backup format version {manifest.get('version')!r}; this program reads {VERSION}"
        )
    shapes = {"org": str, "tables": list, "files": list, "schema": dict, "ledger": dict}
    for key, kind in shapes.items():
        if not isinstance(manifest.get(key), kind):
            raise BackupError(f"manifest.json: {key!r} is missing or not a {kind.__name__}")
    return manifest


def _entry(archive: zipfile.ZipFile, name: object) -> zipfile.ZipInfo:
    if not isinstance(name, str) or not (name.startswith(("data/", "media/"))) or ".." in name:
        raise BackupError(f"manifest.json names an entry {name!r} outside data/ and media/")
    try:
        return archive.getinfo(name)
    except KeyError:
        raise BackupError(f"{name}: listed in the manifest but missing from the archive") from None


def _check_entries(archive: zipfile.ZipFile, manifest: dict[str, Any]) -> None:
    """Every table and file hashes to what the manifest says, before anything is loaded."""
    for item in [*manifest["tables"], *manifest["files"]]:
        if not isinstance(item, dict):
            raise BackupError("manifest.json: a table or file entry is not an object")
        info = _entry(archive, item.get("file"))
        digest, lines = hashlib.sha256(), 0
        try:
            with archive.open(info) as entry:
                for block in iter(lambda entry=entry: entry.read(1 << 20), b""):
                    digest.update(block)
                    lines += block.count(b"\n")
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise BackupError(
                f"{info.filename}: cannot be read from the archive ({error})"
            ) from None
        if digest.hexdigest() != item.get("sha256"):
            raise BackupError(f"{info.filename}: its SHA-256 does not match the manifest; the "
                              f"archive is damaged or was altered")  # fmt: skip
        if "rows" in item and lines != item["rows"]:
            raise BackupError(f"{info.filename}: {lines} rows, the manifest says {item['rows']}")


def _check_schema(manifest: dict[str, Any]) -> None:
    here = schema()
    installed = {config.label for config in apps.get_app_configs()}
    differ = [
        f"{app} {wanted} (this install: {here.get(app, 'none')})"
        for app, wanted in manifest["schema"].items()
        if app in installed and here.get(app) != wanted
    ]
    if differ:
        raise BackupError(
            "the backup was made at another schema: " + "; ".join(differ[:5])
            + ". Restore it with the version of openassembly that made it, then upgrade"
        )


def _model(label: object) -> Any:
    try:
        return apps.get_model(str(label))
    except (LookupError, ValueError):
        raise BackupError(
            f"manifest.json names a model {label!r} this install does not have"
        ) from None


def _rows(archive: zipfile.ZipFile, name: str) -> Iterator[dict[str, Any]]:
    with archive.open(name) as entry:
        for number, raw in enumerate(entry, 1):
            if len(raw) > MAX_LINE:
                raise BackupError(f"{name}: line {number} is larger than any row can be")
            try:
                row = json.loads(raw)
            except (ValueError, RecursionError) as error:
                raise BackupError(f"{name}: line {number} is not JSON ({error})") from None
            if not isinstance(row, dict) or "pk" not in row or "fields" not in row:
                raise BackupError(f"{name}: line {number} is not a row")
            yield row


def _ids(archive: zipfile.ZipFile, name: str) -> list[Any]:
    return [row["pk"] for row in _rows(archive, name)]


def _check_empty(archive: zipfile.ZipFile, manifest: dict[str, Any]) -> None:
    """Refuse a database that holds the organisation or any row the archive would bring."""
    slug = manifest["org"]
    if Organisation.objects.filter(slug=slug).exists():
        raise BackupError(
            f"this database already holds the organisation {slug!r}; restore into a database "
            "without it (a fresh one: `openassembly migrate` on an empty database)"
        )
    for table in manifest["tables"]:
        model = _model(table.get("model"))
        ids = _ids(archive, table["file"])
        taken = 0
        for start in range(0, len(ids), BATCH):
            taken += model._base_manager.filter(pk__in=ids[start : start + BATCH]).count()
        if taken:
            raise BackupError(
                f"{model._meta.label}: {taken} of the archive's {len(ids)} rows have ids this "
                "database uses already; restore into a fresh database"
            )


def _insert(model: Any, batch: list[Any]) -> None:
    # A raw insert, as loaddata's: bulk_create would run pre_save and stamp auto_now fields
    # (an account's date_joined) with the time of the restore instead of the stored value.
    fields = model._meta.local_concrete_fields
    size = connection.ops.bulk_batch_size(fields, batch) or len(batch)
    for start in range(0, len(batch), size):
        model._base_manager._insert(batch[start : start + size], fields=fields, raw=True)


def _objects(rows: list[dict[str, Any]]) -> list[Any]:
    return [item.object for item in serializers.deserialize("python", rows)]


def _load(archive: zipfile.ZipFile, manifest: dict[str, Any]) -> None:
    for table in manifest["tables"]:
        model = _model(table["model"])
        batch: list[Any] = []
        try:
            for row in _rows(archive, table["file"]):
                row["model"] = model._meta.label_lower
                batch.append(row)
                if len(batch) == BATCH:
                    _insert(model, _objects(batch))
                    batch = []
            if batch:
                _insert(model, _objects(batch))
        except (DeserializationError, ValueError, TypeError) as error:
            raise BackupError(f"{table['file']}: a row cannot be loaded ({error})") from None
        except DatabaseError as error:
            raise BackupError(f"{table['file']}: the database refused a row ({error})") from None


def _check_keys(manifest: dict[str, Any]) -> None:
    tables = [_model(t["model"])._meta.db_table for t in manifest["tables"]]
    try:
        connection.check_constraints(table_names=tables)
    except IntegrityError as error:
        raise BackupError(f"the archive's rows do not hold together: {error}") from None


def _check_ledger(manifest: dict[str, Any], anchors: tuple[pure.Anchor, ...]) -> None:
    organisation = Organisation.objects.get(slug=manifest["org"])
    report = verify_organisation(organisation, anchors=anchors)
    if not report.ok:
        raise BackupError(f"the restored ledger does not verify: {report.first_broken}")
    ledger = manifest["ledger"]
    last = Checkpoint.objects.filter(organisation=organisation).order_by("-number").first()
    head = last.hash if last else None
    count = last.number if last else 0
    if (count, head) != (ledger.get("checkpoints"), ledger.get("head")):
        raise BackupError(
            f"the restored ledger ends at checkpoint {count} ({head}), not at checkpoint "
            f"{ledger.get('checkpoints')} ({ledger.get('head')}) as the manifest says"
        )
    if report.events_checked != ledger.get("events"):
        raise BackupError(f"the restored ledger has {report.events_checked} events, the "
                          f"manifest says {ledger.get('events')}")  # fmt: skip


def _write_files(archive: zipfile.ZipFile, manifest: dict[str, Any]) -> list[Path]:
    root = Path(settings.MEDIA_ROOT).resolve()
    written: list[Path] = []
    try:
        for item in manifest["files"]:
            relative = item.get("path")
            target = (root / str(relative)).resolve()
            # Only under MEDIA_ROOT/<area>/<slug>/: an archive must not write anywhere else.
            parts = target.relative_to(root).parts if target.is_relative_to(root) else ()
            if len(parts) < 3 or parts[1] != manifest["org"]:
                raise BackupError(f"file {relative!r} is not under <area>/{manifest['org']}/")
            if target.exists():
                raise BackupError(f"{target} exists already; restore into a fresh install")
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(item["file"]) as source, target.open("xb") as out:
                for block in iter(lambda source=source: source.read(1 << 20), b""):
                    out.write(block)
            written.append(target)
    except BaseException:
        for file in written:
            file.unlink(missing_ok=True)
        raise
    return written


def _reset_sequences(manifest: dict[str, Any]) -> None:
    """Rows went in with their ids; the next id each table hands out must follow them."""
    models = [_model(t["model"]) for t in manifest["tables"]]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
