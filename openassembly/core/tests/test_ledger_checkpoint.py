"""verify-ledger --checkpoint: a published hash catches a cut-off or rewritten tail, which the
stored ledger alone cannot (the first test reproduces that)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from openassembly.core import clock
from openassembly.core.ledger import append_event, seal_checkpoint
from openassembly.core.models import Checkpoint, LedgerEvent

pytestmark = pytest.mark.usefixtures("test_kinds")

def _events(organisation, n):
    for i in range(n):
        append_event(organisation, kind="test.happened", actor="tester", data={"i": i})


def _sealed_history(organisation):
    """Three checkpoints; the last one's hash is what a member saw published."""
    for _ in range(3):
        _events(organisation, 4)
        seal_checkpoint(organisation)
    return Checkpoint.objects.filter(organisation=organisation).order_by("number").last()


def _truncate(last):
    LedgerEvent.objects.filter(checkpoint=last).delete()
    last.delete()


def _rewrite(last):
    """What someone with write access to the database can do: change the last checkpoint's
    events, unseal them and seal again. Every hash is recomputed, so the ledger is consistent."""
    events = LedgerEvent.objects.filter(checkpoint=last)
    events.filter(kind="test.happened").update(data={"i": "forged"})
    events.update(checkpoint=None, hash="")
    last.delete()
    seal_checkpoint(last.organisation)


def _verify(organisation, *extra):
    """(passed, stdout, stderr) of verify-ledger for the organisation."""
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command("verify_ledger", "--org", organisation.slug, *extra, stdout=stdout,
                     stderr=stderr)  # fmt: skip
        ok = True
    except CommandError:
        ok = False
    return ok, stdout.getvalue(), stderr.getvalue()


@pytest.mark.parametrize("tamper", [_truncate, _rewrite])
def test_tampered_tail_passes_without_a_published_hash(organisation, tamper):
    last = _sealed_history(organisation)
    tamper(last)
    ok, out, _ = _verify(organisation)
    assert ok and "OK" in out  # the weakness: nothing in the database says the tail changed


def test_truncated_tail_fails_against_the_published_checkpoint(organisation):
    last = _sealed_history(organisation)
    published = last.hash
    _truncate(last)
    ok, _, err = _verify(organisation, "--checkpoint", published)
    assert not ok
    assert (
        f"BROKEN: checkpoint {published[:16]}…: the published checkpoint is not in this "
        f"ledger (its head is checkpoint 2" in err
    )
    ok, _, err = _verify(organisation, "--checkpoint", f"3:{published}")
    assert not ok and "the ledger ends before the published checkpoint" in err


def test_rewritten_tail_fails_against_the_published_checkpoint(organisation):
    last = _sealed_history(organisation)
    published = last.hash
    _rewrite(last)
    rewritten = Checkpoint.objects.get(organisation=organisation, number=3)
    assert rewritten.hash != published
    ok, _, err = _verify(organisation, "--checkpoint", f"3:{published}")
    assert not ok
    assert (
        f"this ledger's checkpoint 3 has hash {rewritten.hash[:16]}…, not the published one" in err
    )


def test_a_ledger_that_grew_past_the_published_checkpoint_passes(organisation):
    last = _sealed_history(organisation)
    _events(organisation, 3)
    seal_checkpoint(organisation)
    ok, out, _ = _verify(organisation, "--checkpoint", last.hash)
    assert ok
    assert "reaches published checkpoint 3, and every later one extends it" in out


def test_checkpoint_from_the_file_too(organisation, tmp_path):
    last = _sealed_history(organisation)
    path = tmp_path / "ledger.jsonl"
    call_command("export_ledger", "--org", organisation.slug, "--out", str(path))
    _truncate(last)
    short = tmp_path / "short.jsonl"
    call_command("export_ledger", "--org", organisation.slug, "--out", str(short))
    call_command("verify_ledger", "--file", str(path), "--checkpoint", last.hash)
    with pytest.raises(CommandError, match="does not verify"):
        call_command("verify_ledger", "--file", str(short), "--checkpoint", last.hash)


def test_bad_checkpoint_arguments_are_clear(organisation):
    with pytest.raises(CommandError, match="is not a hash: expected 64 hex digits"):
        call_command("verify_ledger", "--org", organisation.slug, "--checkpoint", "abc")
    with pytest.raises(CommandError, match="--checkpoint needs --org"):
        call_command("verify_ledger", "--checkpoint", "a" * 64)


def test_unsealed_events_are_reported_with_their_age(organisation):
    seal_checkpoint(organisation)
    _events(organisation, 3)
    with clock.frozen_at(clock.now() + timedelta(minutes=95, seconds=5)):
        ok, out, _ = _verify(organisation)
    assert ok
    assert "WARNING 3 events not yet sealed, the oldest 95 minutes old" in out
    assert "could be changed, removed or added without trace" in out
    seal_checkpoint(organisation)
    ok, out, _ = _verify(organisation)
    assert "WARNING" not in out
