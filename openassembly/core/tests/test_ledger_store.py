"""The ledger as the organisation keeps it: appends, checkpoints, tampering, export, erasure."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from openassembly import ledger as pure
from openassembly.core.actors import System
from openassembly.core.ledger import (
    append_event,
    commitment,
    export_ledger,
    seal_checkpoint,
    verify_organisation,
)
from openassembly.core.models import Checkpoint, LedgerEvent

pytestmark = pytest.mark.usefixtures("test_kinds")


def _events(organisation, n):
    for i in range(n):
        append_event(organisation, kind="test.happened", actor="tester", data={"i": i})


def test_checkpoints_chain_and_verify(organisation):
    _events(organisation, 25)
    first = seal_checkpoint(organisation)
    _events(organisation, 5)
    second = seal_checkpoint(organisation)
    assert second.prev == first.hash
    assert second.number == first.number + 1
    report = verify_organisation(organisation)
    assert report.ok, report.first_broken
    assert report.unsealed == 0


def test_sealing_with_nothing_pending_makes_no_checkpoint(organisation):
    seal_checkpoint(organisation)
    before = Checkpoint.objects.count()
    assert seal_checkpoint(organisation) is None
    assert Checkpoint.objects.count() == before


def test_changed_event_is_reported_as_the_first_broken_link(organisation):
    _events(organisation, 12)
    seal_checkpoint(organisation)
    victim = LedgerEvent.objects.filter(organisation=organisation, kind="test.happened").order_by(
        "id"
    )[3]
    LedgerEvent.objects.filter(pk=victim.pk).update(data={"i": 999})
    report = verify_organisation(organisation)
    assert not report.ok
    assert str(victim.pk) in report.first_broken


def test_deleted_event_breaks_its_checkpoint(organisation):
    _events(organisation, 12)
    seal_checkpoint(organisation)
    victim = LedgerEvent.objects.filter(organisation=organisation, kind="test.happened").order_by(
        "id"
    )[5]
    LedgerEvent.objects.filter(pk=victim.pk).delete()
    assert not verify_organisation(organisation).ok


def test_rewritten_checkpoint_breaks_the_chain(organisation):
    _events(organisation, 3)
    seal_checkpoint(organisation)
    _events(organisation, 3)
    seal_checkpoint(organisation)
    first = Checkpoint.objects.filter(organisation=organisation).order_by("number").first()
    Checkpoint.objects.filter(pk=first.pk).update(root="0" * 64)
    assert not verify_organisation(organisation).ok


def test_export_verifies_and_tampered_export_does_not(organisation, tmp_path):
    _events(organisation, 8)
    seal_checkpoint(organisation)
    buffer = io.StringIO()
    export_ledger(organisation, buffer)
    good = tmp_path / "ledger.jsonl"
    good.write_text(buffer.getvalue())
    assert pure.verify_export(good).ok
    bad = tmp_path / "bad.jsonl"
    bad.write_text(buffer.getvalue().replace('"i":4', '"i":5', 1))
    assert not pure.verify_export(bad).ok


def test_verify_ledger_command_reports_ok_and_broken(organisation, tmp_path):
    _events(organisation, 4)
    seal_checkpoint(organisation)
    out = io.StringIO()
    call_command("verify_ledger", org=organisation.slug, stdout=out)
    assert "OK" in out.getvalue()
    LedgerEvent.objects.filter(organisation=organisation).update(actor="someone else")
    err = io.StringIO()
    with pytest.raises(Exception, match="does not verify"):
        call_command("verify_ledger", org=organisation.slug, stdout=io.StringIO(), stderr=err)
    assert "BROKEN" in err.getvalue()


def test_commitment_hides_the_value_and_erasure_keeps_the_chain(organisation, member):
    value = {"email": member.email}
    made = commitment(organisation, subject=f"member:{member.pk}", value=value)
    assert member.email not in made
    append_event(organisation, kind="member.noted", actor=None, data={"details": made})
    seal_checkpoint(organisation)
    from openassembly.members.services import erase_member

    erase_member(System("two officers"), organisation=organisation, member=member)
    member.refresh_from_db()
    assert member.email == "" and member.erased_at is not None
    report = verify_organisation(organisation)
    assert report.ok, report.first_broken


def test_append_is_one_insert_and_sealing_stores_each_events_hash(
    organisation, django_assert_num_queries
):
    seal_checkpoint(organisation)
    with django_assert_num_queries(1):
        event = append_event(organisation, kind="test.one", actor=None, data={"n": 1})
    assert LedgerEvent.objects.get(pk=event.pk).hash == ""
    assert verify_organisation(organisation).unsealed == 1
    seal_checkpoint(organisation)
    stored = LedgerEvent.objects.get(pk=event.pk)
    assert stored.hash == pure.event_hash(stored.content(organisation.slug))
    assert stored.checkpoint is not None
