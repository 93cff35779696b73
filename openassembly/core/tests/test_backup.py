"""Backup and restore of one organisation: a round trip through a fresh database gives back
every row of every table, its files and a ledger that verifies with the same checkpoints;
a damaged archive, an occupied database and a ledger that would not verify are refused."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import CommandError, call_command

from openassembly.core import backup
from openassembly.core.ledger import append_event, seal_checkpoint, verify_organisation
from openassembly.core.models import Checkpoint, LedgerEvent, Organisation
from openassembly.rules.tests.conftest import MINIMAL


def _organisation_models() -> list:
    """Every model whose rows carry an organisation, found independently of backup.plan."""
    found = []
    for model in apps.get_models():
        field = next((f for f in model._meta.concrete_fields if f.name == "organisation"), None)
        if field is not None and field.related_model is Organisation:
            found.append(model)
    return found


def snapshot(slug: str) -> dict[str, list]:
    """Every row the organisation has, table by table, as Django serialises it."""
    organisation = Organisation.objects.get(slug=slug)
    parts, _ = backup.plan()
    users = backup.users_of(organisation, parts)
    tables = {}
    for part in parts:
        rows = serializers.serialize("python", backup.rows_of(organisation, part, users))
        tables[part.label] = rows
    return tables


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def two_organisations(transactional_db, media, test_kinds):
    """The demo (meetings, divisions, elections, ballots, petitions...) and a second, small
    organisation whose rows must stay out of the demo's archive; a file of each."""
    from openassembly.core.actors import System
    from openassembly.core.services import create_organisation

    call_command("load_demo", stdout=io.StringIO())
    other = create_organisation(System("founders"), constitution_text=MINIMAL)
    demo = Organisation.objects.get(slug="commonweal")
    for organisation in (demo, other):
        folder = media / "exports" / organisation.slug
        folder.mkdir(parents=True)
        content = f"{organisation.slug} \x00\xff".encode("latin-1")
        (folder / "full-export-1.json.gz").write_bytes(content)
        append_event(organisation, kind="test.one", actor=None, data={"n": 1})
    return demo, other


def _flush():
    """A fresh install: empty tables and no files."""
    call_command("flush", interactive=False, verbosity=0)
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            path.unlink()


def test_round_trip_into_a_fresh_database_gives_back_every_row(two_organisations, tmp_path,
                                                               media):  # fmt: skip
    demo, _other = two_organisations
    before = snapshot("commonweal")
    checkpoints = list(Checkpoint.objects.filter(organisation=demo).order_by("number").values())
    assert LedgerEvent.objects.filter(organisation=demo, checkpoint__isnull=True).exists()
    # The plan covers every table with an organisation column, and the demo fills most.
    assert {m._meta.label for m in _organisation_models()} <= set(before)
    filled = [label for label, rows in before.items() if rows]
    assert len(filled) >= 30, filled
    assert sum(len(rows) for rows in before.values()) > 1000

    archive = tmp_path / "commonweal.zip"
    call_command("backup", "--org", "commonweal", "--out", str(archive), stdout=io.StringIO())
    _flush()
    assert not Organisation.objects.exists()

    call_command("restore", str(archive), stdout=io.StringIO())
    after = snapshot("commonweal")
    assert after.keys() == before.keys()
    for label in before:
        assert len(after[label]) == len(before[label]), label
        for old, new in zip(before[label], after[label], strict=True):
            differ = {k: (v, new["fields"].get(k)) for k, v in old["fields"].items()
                      if new["fields"].get(k) != v}  # fmt: skip
            assert (new["pk"], differ) == (old["pk"], {}), label
    assert list(Organisation.objects.values_list("slug", flat=True)) == ["commonweal"]
    restored = Organisation.objects.get(slug="commonweal")
    restored_checkpoints = Checkpoint.objects.filter(organisation=restored).order_by("number")
    assert list(restored_checkpoints.values()) == checkpoints
    report = verify_organisation(restored)
    assert report.ok and report.unsealed == 1
    assert (media / "exports" / "commonweal" / "full-export-1.json.gz").read_bytes() == (
        "commonweal \x00\xff".encode("latin-1")
    )
    assert [p.name for p in media.rglob("*") if p.is_file()] == ["full-export-1.json.gz"]
    # New rows get fresh ids after the restored ones, and the ledger carries on from its head.
    event = append_event(restored, kind="test.one", actor=None, data={"n": 0})
    assert event.pk > max(row["pk"] for row in before["core.LedgerEvent"])
    seal_checkpoint(restored)
    assert verify_organisation(restored).ok


@pytest.fixture
def small(transactional_db, media, tmp_path, test_kinds):
    """A small organisation with a sealed ledger and one file, backed up to an archive."""
    from openassembly.core.actors import System
    from openassembly.core.services import create_organisation

    organisation = create_organisation(System("founders"), constitution_text=MINIMAL)
    for n in range(5):
        append_event(organisation, kind="test.one", actor="tester", data={"n": n})
    seal_checkpoint(organisation)
    append_event(organisation, kind="test.one", actor="tester", data={"n": 5})
    seal_checkpoint(organisation)
    folder = media / "exports" / organisation.slug
    folder.mkdir(parents=True)
    (folder / "a.json.gz").write_bytes(b"file")
    archive = tmp_path / "small.zip"
    backup.write_backup(organisation, archive)
    return organisation, archive


def _restore_fails(archive: Path, *extra: str) -> str:
    with pytest.raises(CommandError) as info:
        call_command("restore", str(archive), *extra)
    message = str(info.value)
    assert message.startswith(f"{archive}: nothing was restored: ")
    return message.removeprefix(f"{archive}: nothing was restored: ")


def _rewrite(archive: Path, out: Path, change, *, rehash: bool = True) -> Path:
    """A copy of the archive with ``change(name, data) -> data`` applied to each entry and,
    with ``rehash``, a manifest whose hashes match (what a forger would do)."""
    import hashlib

    with zipfile.ZipFile(archive) as source:
        entries = {name: source.read(name) for name in source.namelist()}
    manifest = json.loads(entries.pop(backup.MANIFEST))
    for name in list(entries):
        entries[name] = change(name, entries[name])
    if rehash:
        for item in [*manifest["tables"], *manifest["files"]]:
            item["sha256"] = hashlib.sha256(entries[item["file"]]).hexdigest()
    manifest = change(backup.MANIFEST, manifest)
    with zipfile.ZipFile(out, "w") as target:
        for name, data in entries.items():
            target.writestr(name, data)
        target.writestr(backup.MANIFEST, json.dumps(manifest))
    return out


def test_restore_refuses_a_database_that_holds_the_organisation(small):
    _, archive = small
    events = LedgerEvent.objects.count()
    assert "already holds the organisation 'test-group'" in _restore_fails(archive)
    assert LedgerEvent.objects.count() == events


def test_restore_refuses_ids_the_database_uses_already(small):
    organisation, archive = small
    Organisation.objects.filter(pk=organisation.pk).update(slug="renamed")
    message = _restore_fails(archive)
    assert "rows have ids this database uses already; restore into a fresh database" in message


def test_a_rewritten_event_with_a_matching_manifest_is_refused_by_the_ledger(small, tmp_path):
    _, archive = small

    def forge(name, data):
        if name == "data/core.LedgerEvent.jsonl":
            return data.replace(b'"n":3', b'"n":4')
        return data

    forged = _rewrite(archive, tmp_path / "forged.zip", forge)
    _flush()
    message = _restore_fails(forged)
    assert message.startswith("the restored ledger does not verify: event ")
    assert "stored hash does not match its content" in message
    assert not Organisation.objects.exists() and not LedgerEvent.objects.exists()


def test_a_cut_off_archive_passes_alone_and_fails_against_the_published_hash(small, tmp_path):
    organisation, archive = small
    last = Checkpoint.objects.filter(organisation=organisation).order_by("-number").first()
    before = Checkpoint.objects.get(organisation=organisation, number=last.number - 1)
    dropped = LedgerEvent.objects.filter(checkpoint=last).count()

    def cut(name, data):
        # Drop the last checkpoint and its events, and make the manifest agree: consistent.
        if name == "data/core.Checkpoint.jsonl":
            rows = [json.loads(line) for line in data.splitlines()]
            rows = [row for row in rows if row["pk"] != last.pk]
        elif name == "data/core.LedgerEvent.jsonl":
            rows = [json.loads(line) for line in data.splitlines()]
            rows = [row for row in rows if row["fields"]["checkpoint"] != last.pk]
        elif name == backup.MANIFEST:
            data["ledger"] |= {"checkpoints": before.number, "head": before.hash}
            data["ledger"]["events"] -= dropped
            for table in data["tables"]:
                if table["model"] in ("core.Checkpoint", "core.LedgerEvent"):
                    table["rows"] -= 1 if table["model"] == "core.Checkpoint" else dropped
            return data
        else:
            return data
        return b"".join(json.dumps(row).encode() + b"\n" for row in rows)

    cut_off = _rewrite(archive, tmp_path / "cut.zip", cut)
    _flush()
    message = _restore_fails(cut_off, "--checkpoint", f"{last.number}:{last.hash}")
    assert "the ledger ends before the published checkpoint" in message
    assert not Organisation.objects.exists()
    assert "is not a hash" in _restore_fails(archive, "--checkpoint", "nonsense")
    # Alone, the cut-off archive is consistent: only the published hash shows what is missing.
    call_command("restore", str(cut_off), stdout=io.StringIO())
    assert Checkpoint.objects.count() == before.number
    _flush()
    call_command("restore", str(archive), "--checkpoint", last.hash, stdout=io.StringIO())
    assert Checkpoint.objects.order_by("number").last().hash == last.hash


def test_a_damaged_entry_is_refused_before_anything_is_loaded(small, tmp_path):
    _, archive = small
    damaged = _rewrite(archive, tmp_path / "damaged.zip",
                       lambda name, data: data.replace(b"tester", b"intruder")
                       if name.startswith("data/") else data, rehash=False)  # fmt: skip
    _flush()
    message = _restore_fails(damaged)
    assert message == (
        "data/core.LedgerEvent.jsonl: its SHA-256 does not match the manifest; the archive is "
        "damaged or was altered"
    )


def test_an_archive_from_another_schema_is_refused(small, tmp_path):
    _, archive = small

    def older(name, data):
        if name == backup.MANIFEST:
            data["schema"]["core"] = "0001_initial"
        return data

    message = _restore_fails(_rewrite(archive, tmp_path / "older.zip", older))
    assert message.startswith("the backup was made at another schema: core 0001_initial (this "
                              "install: ")  # fmt: skip
    assert message.endswith("Restore it with the version of openassembly that made it, then "
                            "upgrade")  # fmt: skip


def test_a_file_outside_the_organisation_is_refused(small, tmp_path, media):
    _, archive = small

    def escape(name, data):
        if name == backup.MANIFEST:
            data["files"][0]["path"] = "../../escaped.txt"
        return data

    escaping = _rewrite(archive, tmp_path / "escape.zip", escape)
    _flush()
    assert "is not under <area>/test-group/" in _restore_fails(escaping)
    assert not (media.parent / "escaped.txt").exists()
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "not an openassembly backup (not a zip archive)"),
        (b"PK\x03\x04 broken", "not an openassembly backup (not a zip archive)"),
        ("no-manifest", "not an openassembly backup (no manifest.json)"),
        ({"format": "openassembly-backup", "version": 99}, "backup format version 99"),
        ({"format": "other"}, "manifest format is not 'openassembly-backup'"),
        ("[" * 5000, "manifest.json is not readable JSON"),
    ],
)
def test_bad_archives_are_refused_in_one_line(transactional_db, tmp_path, content, expected):
    path = tmp_path / "bad.zip"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        with zipfile.ZipFile(path, "w") as archive:
            if content == "no-manifest":
                archive.writestr("data/x.jsonl", "")
            else:
                text = content if isinstance(content, str) else json.dumps(content)
                archive.writestr(backup.MANIFEST, text)
    message = _restore_fails(path)
    assert expected in message and "\n" not in message


def test_backup_of_an_unknown_organisation(transactional_db, tmp_path):
    with pytest.raises(CommandError, match="no organisation with the slug 'nope'"):
        call_command("backup", "--org", "nope", "--out", str(tmp_path / "x.zip"))
