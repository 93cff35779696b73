"""The archive is one moment of the organisation even while it keeps writing (PostgreSQL:
the backup reads in one REPEATABLE READ transaction)."""

from __future__ import annotations

import io
import json
import os
import threading
import zipfile

import pytest
from django.core.management import call_command
from django.db import connection

from openassembly.core import backup
from openassembly.core.ledger import append_event, seal_checkpoint, verify_organisation
from openassembly.core.models import Checkpoint, LedgerEvent, Organisation
from openassembly.rules.tests.conftest import MINIMAL

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="needs PostgreSQL: set DATABASE_URL",
    ),
]


def test_writes_during_a_backup_are_not_in_it(transactional_db, tmp_path, settings, monkeypatch,
                                              test_kinds):
    from openassembly.core.actors import System
    from openassembly.core.services import create_organisation

    settings.MEDIA_ROOT = tmp_path / "media"
    organisation = create_organisation(System("founders"), constitution_text=MINIMAL)
    for n in range(5):
        append_event(organisation, kind="test.one", actor=None, data={"n": n})
    seal_checkpoint(organisation)
    events, checkpoints = LedgerEvent.objects.count(), Checkpoint.objects.count()

    def meanwhile() -> None:
        # Another connection appends and seals, and commits, while the backup is reading.
        try:
            for n in range(3):
                append_event(organisation, kind="test.one", actor=None, data={"n": n})
            seal_checkpoint(organisation)
        finally:
            connection.close()

    original = backup._serialised
    calls = []

    def serialised(queryset):
        if not calls:
            worker = threading.Thread(target=meanwhile)
            worker.start()
            worker.join()
        calls.append(1)
        return original(queryset)

    monkeypatch.setattr(backup, "_serialised", serialised)
    archive = tmp_path / "during.zip"
    manifest = backup.write_backup(organisation, archive)
    assert LedgerEvent.objects.count() == events + 3  # the writes did happen
    assert manifest["ledger"]["events"] == events
    assert manifest["ledger"]["checkpoints"] == checkpoints
    with zipfile.ZipFile(archive) as source:
        rows = source.read("data/core.LedgerEvent.jsonl").decode().splitlines()
    assert len(rows) == events
    assert not [r for r in rows if json.loads(r)["fields"]["kind"] == "test.meanwhile"]

    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(archive), stdout=io.StringIO())
    assert verify_organisation(Organisation.objects.get(slug=organisation.slug)).ok
