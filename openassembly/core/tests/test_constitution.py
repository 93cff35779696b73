"""Founding from a constitution, bad constitutions, and new versions under the two-person rule."""

from __future__ import annotations

import pytest

from openassembly.accounts.services import confirm_sensitive_action, propose_sensitive_action
from openassembly.core.actors import System
from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.core.models import ConstitutionVersion, LedgerEvent, Organisation
from openassembly.core.services import create_organisation
from openassembly.rules import examples


def test_malformed_constitution_names_the_line_and_key(db):
    text = examples.read("commonweal").replace("notice_days = 7", 'notice_days = "seven"', 1)
    with pytest.raises(InvalidInput) as caught:
        create_organisation(System("x"), constitution_text=text)
    message = str(caught.value)
    assert "notice_days" in message
    line = next(i for i, row in enumerate(text.splitlines(), 1) if '"seven"' in row)
    assert f"line {line}" in message
    assert not Organisation.objects.exists()


def test_founding_twice_is_refused(organisation):
    with pytest.raises(Conflict):
        create_organisation(System("x"), constitution_text=examples.read("commonweal"))


def test_new_version_needs_two_officers_and_keeps_history(organisation, secretary, chair, client):
    text = examples.read("commonweal").replace("notice_days = 7", "notice_days = 10", 1)
    action = propose_sensitive_action(
        secretary,
        organisation=organisation,
        kind="adopt-constitution",
        payload={"text": text},
        reason="Carried at the coordinating group, minute 12",
    )
    assert ConstitutionVersion.objects.filter(organisation=organisation).count() == 1
    with pytest.raises(PowerDenied):
        confirm_sensitive_action(secretary, organisation=organisation, action_id=action.pk)
    confirm_sensitive_action(chair, organisation=organisation, action_id=action.pk)
    versions = ConstitutionVersion.objects.filter(organisation=organisation).order_by("number")
    assert [v.number for v in versions] == [1, 2]
    organisation = Organisation.objects.get(pk=organisation.pk)
    assert organisation.constitution.body("organising-group").notice_days == 10
    assert LedgerEvent.objects.filter(kind="constitution.adopted").exists()
    page = client.get(f"/o/{organisation.slug}/constitution/")
    assert "Carried at the coordinating group" in page.content.decode()
    old = client.get(f"/o/{organisation.slug}/constitution/v1/")
    assert "superseded" in old.content.decode()


def test_invalid_new_version_is_refused_when_proposed(organisation, secretary):
    with pytest.raises(InvalidInput, match="line"):
        propose_sensitive_action(
            secretary,
            organisation=organisation,
            kind="adopt-constitution",
            payload={"text": "format = 1\n[organisation\n"},
            reason="typo",
        )
