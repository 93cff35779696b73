"""Backup and restore of one organisation: a round trip through a fresh database gives back
every row of every table, its files and a ledger that verifies with the same checkpoints;
a damaged archive, an occupied database and a ledger that would not verify are refused."""

from __future__ import annotations

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
def two_organisations(transactional_db, media):
    """The demo (meetings, divisions, elections, ballots, petitions...) and a second, small
    organisation whose rows must stay out of the demo's archive; a file of each."""
    from openassembly.core.services import create_organisation

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    other = create_organisation(constitution_text=MINIMAL, adopted_by="founders")
    demo = Organisation.objects.get(slug="commonweal")
    for organisation in (demo, other):
        folder = media / "exports" / organisation.slug
        folder.mkdir(parents=True)
        (folder / "full-export-1.json.gz").write_bytes(f"{organisation.slug} \x00\xff".encode("latin-1"))
        append_event(organisation, kind="test.unsealed", actor=None, data={"n": 1})
    return demo, other


def _flush():
    call_command("flush", interactive=False, verbosity=0)


def test_round_trip_into_a_fresh_database_gives_back_every_row(two_organisations, tmp_path,
                                                               media):  # fmt: skip
    demo, other = two_organisations
    before = snapshot("commonweal")
    checkpoints = list(Checkpoint.objects.filter(organisation=demo).order_by("number").values())
    assert LedgerEvent.objects.filter(organisation=demo, checkpoint__isnull=True).exists()
    # The plan covers every table with an organisation column, and the demo fills most.
    assert {m._meta.label for m in _organisation_models()} <= set(before)
    filled = [label for label, rows in before.items() if rows]
    assert len(filled) >= 30, filled
    assert sum(len(rows) for rows in before.values()) > 1000

    archive = tmp_path / "commonweal.zip"
    call_command("backup", "--org", "commonweal", "--out", str(archive), stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    _flush()
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()
    assert not Organisation.objects.exists()

    call_command("restore", str(archive), stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
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
    assert list(Checkpoint.objects.filter(organisation=restored).order_by("number").values()) == checkpoints
    report = verify_organisation(restored)
    assert report.ok and report.unsealed == 1
    assert (media / "exports" / "commonweal" / "full-export-1.json.gz").read_bytes() == (
        "commonweal \x00\xff".encode("latin-1")
    )
    assert [p.name for p in media.rglob("*") if p.is_file()] == ["full-export-1.json.gz"]
    # New rows get fresh ids after the restored ones, and the ledger carries on from its head.
    event = append_event(restored, kind="test.after", actor=None, data={})
    assert event.pk > max(row["pk"] for row in before["core.LedgerEvent"])
    seal_checkpoint(restored)
    assert verify_organisation(restored).ok
