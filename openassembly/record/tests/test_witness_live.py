"""`openassembly witness` against a running install (pytest-django's live server): it keeps
the published checkpoints, accepts a ledger that grew, and reports a fork once the database
behind the install is tampered with."""

from __future__ import annotations

import json

import pytest

from openassembly.cli import main
from openassembly.core.ledger import append_event, seal_checkpoint
from openassembly.core.models import Checkpoint, LedgerEvent

pytestmark = pytest.mark.usefixtures("test_kinds")

@pytest.fixture
def live_org(transactional_db):
    from openassembly.core.actors import System
    from openassembly.core.services import create_organisation
    from openassembly.rules.tests.conftest import MINIMAL

    organisation = create_organisation(System("t"), constitution_text=MINIMAL)
    seal_checkpoint(organisation)
    return organisation


def _grow(organisation, n=4):
    """Append and seal; returns the newest checkpoint. An append whose id is a multiple of
    LEDGER_CHECKPOINT_EVERY seals on commit by itself, so the explicit seal may find nothing."""
    for i in range(n):
        append_event(organisation, kind="test.happened", actor="tester", data={"i": i})
    seal_checkpoint(organisation)
    return Checkpoint.objects.filter(organisation=organisation).order_by("-number").first()


def _witness(url, store, capsys):
    code = main(["witness", url, "--store", str(store), "--timeout", "20"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_witness_follows_a_live_install_and_reports_a_rewritten_tail(
    live_org, live_server, tmp_path, capsys
):
    url = f"{live_server.url}/o/{live_org.slug}/"
    store = tmp_path / "mine.json"
    _grow(live_org)
    code, out = _witness(url, store, capsys)
    assert code == 0, out
    assert "first look" in out
    held = json.loads(store.read_text())["checkpoints"]
    assert [cp["hash"] for cp in held] == list(
        Checkpoint.objects.filter(organisation=live_org)
        .order_by("number")
        .values_list("hash", flat=True)
    )
    seen = _grow(live_org)
    code, out = _witness(url, store, capsys)
    assert code == 0 and "new checkpoints extend checkpoint" in out, out
    # Tamper: rewrite the last checkpoint's events in the database and seal them again.
    events = LedgerEvent.objects.filter(checkpoint=seen)
    events.update(data={"i": "forged"}, checkpoint=None, hash="")
    seen.delete()
    forged = seal_checkpoint(live_org)
    assert forged.number == seen.number and forged.hash != seen.hash
    _grow(live_org)  # and carry on, so the head is newer than what the witness holds
    before = store.read_bytes()
    code, out = _witness(url, store, capsys)
    assert code == 1, out
    assert f"FORK in {live_org.slug}" in out
    assert (
        f"reaches checkpoint {seen.number} with hash {forged.hash[:16]}…, not {seen.hash[:16]}…"
        in out
    )
    assert "Traceback" not in out
    assert store.read_bytes() == before


def test_witness_reports_a_truncated_live_install(live_org, live_server, tmp_path, capsys):
    url = f"{live_server.url}/o/{live_org.slug}/"
    store = tmp_path / "mine.json"
    last = _grow(live_org)
    assert _witness(url, store, capsys)[0] == 0
    LedgerEvent.objects.filter(checkpoint=last).delete()
    last.delete()
    code, out = _witness(url, store, capsys)
    assert code == 1 and "cut back" in out, out


def test_witness_of_an_unknown_organisation_exits_2(live_org, live_server, tmp_path, capsys):
    code, out = _witness(f"{live_server.url}/o/no-such-org/", tmp_path / "w.json", capsys)
    assert code == 2 and "the install answered 404" in out
