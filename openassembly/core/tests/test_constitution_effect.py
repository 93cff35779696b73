"""A new version takes effect when the constitution in force says, not when it is adopted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from openassembly.accounts.services import confirm_sensitive_action, propose_sensitive_action
from openassembly.core import clock
from openassembly.core.actors import System
from openassembly.core.authority import Route, resolve
from openassembly.core.errors import Conflict
from openassembly.core.models import ConstitutionVersion, LedgerEvent, Organisation
from openassembly.core.services import (
    adopt_constitution_version,
    bring_constitution_into_force,
    bring_constitutions_into_force,
    create_organisation,
)
from openassembly.rules import examples

FOUR_WEEKS = examples.read("commonweal").replace("effective_days = 0", "effective_days = 28", 1)


@pytest.fixture
def start():
    moment = timezone.now().replace(microsecond=0)
    with clock.frozen_at(moment):
        yield moment


@pytest.fixture
def organisation(db, start):
    """The demo alliance, but with changes to its rules taking effect 28 days after adoption."""
    return create_organisation(System("test founders"), constitution_text=FOUR_WEEKS)


@pytest.fixture
def adopt(members_ballot):
    """``adopt(organisation, text)``: a version adopted by a carried members' ballot (rule 8.2)."""

    def adopt(organisation, text: str) -> ConstitutionVersion:
        number = members_ballot(organisation, text)
        return adopt_constitution_version(
            System("the members' ballot"), organisation=organisation, text=text,
            note="Carried by the members", authority=resolve(organisation, Route.BALLOT, number))

    return adopt


def _ten_days(text: str = FOUR_WEEKS) -> str:
    return (text.replace("notice_days = 7", "notice_days = 10", 1)
            .replace("at least seven days' notice", "at least ten days' notice", 1)
            .replace('name = "Commonweal Alliance"', 'name = "Commonweal Alliance for Change"',
                     1))


def test_founding_version_is_in_force_at_once(organisation, start):
    version = organisation.current_constitution_version()
    assert (version.effective_at, version.applied_at) == (start, start)
    assert organisation.pending_constitution_version() is None


def test_version_adopted_by_the_members_waits_its_28_days(organisation, adopt, start):
    assert 'name = "Commonweal Alliance"' in FOUR_WEEKS
    version = adopt(organisation, _ten_days())
    assert version.effective_at == start + timedelta(days=28)
    assert version.effective_rule == "8.5" and version.applied_at is None
    assert "takes effect 28 days after it is adopted" in version.effective_reason
    event = LedgerEvent.objects.get(kind="constitution.adopted")
    assert event.data["effective_at"] == version.effective_at.isoformat()
    assert event.data["effective_rule"] == "8.5"

    # Until then the version it replaces answers every question, on any fresh read.
    fresh = Organisation.objects.get(pk=organisation.pk)
    assert fresh.current_constitution_version().number == 1
    assert fresh.pending_constitution_version().number == 2
    assert fresh.constitution.body("organising-group").notice_days == 7
    assert fresh.name == "Commonweal Alliance"
    with clock.frozen_at(start + timedelta(days=28) - timedelta(seconds=1)):
        assert fresh.constitution.body("organising-group").notice_days == 7
    with clock.frozen_at(start + timedelta(days=28)):
        # The same instance, read again at the moment it takes effect: no stale cache.
        assert fresh.constitution.body("organising-group").notice_days == 10
        assert fresh.current_constitution_version().number == 2


def test_the_task_runner_applies_it_once_when_its_date_comes(organisation, adopt, start):
    adopt(organisation, _ten_days())
    assert bring_constitutions_into_force() == 0
    assert Organisation.objects.get(pk=organisation.pk).name == "Commonweal Alliance"
    with clock.frozen_at(start + timedelta(days=29)):
        assert bring_constitutions_into_force() == 1
        assert bring_constitutions_into_force() == 0
        assert bring_constitution_into_force(organisation) is None
    version = ConstitutionVersion.objects.get(organisation=organisation, number=2)
    assert version.applied_at == start + timedelta(days=29)
    assert Organisation.objects.get(pk=organisation.pk).name == "Commonweal Alliance for Change"
    event = LedgerEvent.objects.get(kind="constitution.in_force")
    assert event.data == {"version": 2, "sha256": version.sha256, "rule": "8.5"}
    assert event.actor is None


def test_a_second_change_waits_until_the_first_is_in_force(organisation, adopt, start):
    adopt(organisation, _ten_days())
    again = _ten_days().replace("notice_days = 10", "notice_days = 12", 1)
    with pytest.raises(Conflict, match="Version 2 of the constitution .* takes effect on"):
        adopt(organisation, again)
    with clock.frozen_at(start + timedelta(days=28)):
        # In force, but the runner has not applied it yet: adopting applies it first.
        adopt(organisation, again)
    versions = ConstitutionVersion.objects.filter(organisation=organisation).order_by("number")
    assert [v.applied_at is not None for v in versions] == [True, True, False]
    assert versions[2].effective_at == start + timedelta(days=56)
    kinds = list(LedgerEvent.objects.filter(kind__startswith="constitution.")
                 .values_list("kind", flat=True))
    assert kinds == ["constitution.adopted", "constitution.in_force", "constitution.adopted"]


def test_public_page_shows_the_pending_version_with_its_date(organisation, adopt, start):
    version = adopt(organisation, _ten_days())
    client = Client()
    page = client.get(f"/o/{organisation.slug}/constitution/").content.decode()
    when = timezone.localtime(version.effective_at).strftime("%-d %B %Y")
    assert "A new version is waiting to take effect." in page
    assert f"takes effect on {when}" in page
    assert "Until then version 1 governs." in page
    # The rules shown are the ones in force, not the ones waiting.
    assert "at least seven days" in page and "at least ten days" not in page
    assert "at least ten days" in client.get(
        f"/o/{organisation.slug}/constitution/v2/").content.decode()
    pending = client.get(f"/o/{organisation.slug}/constitution/v2/").content.decode()
    assert f"(version 2, adopted, takes effect on {when})" in pending
    assert "Not yet in force." in pending and "Rule 8.5" in pending
    with clock.frozen_at(start + timedelta(days=28)):
        later = client.get(f"/o/{organisation.slug}/constitution/").content.decode()
    assert "waiting to take effect" not in later and "superseded" not in later
    assert f"In force from {when}" in later


def test_the_tick_and_the_worker_bring_a_waiting_version_into_force(organisation, adopt, start,
                                                                    capsys, work):
    from django.core.management import call_command

    adopt(organisation, _ten_days())
    with clock.frozen_at(start + timedelta(days=20)):
        call_command("tick")
        assert "constitutions in force: 0" in capsys.readouterr().out
    with clock.frozen_at(start + timedelta(days=29)):
        call_command("tick")
        assert "constitutions in force: 1" in capsys.readouterr().out
        work()
    assert Organisation.objects.get(pk=organisation.pk).name == "Commonweal Alliance for Change"


def test_a_full_export_carries_every_version_including_one_still_waiting(
        organisation, adopt, secretary, chair, start, settings, tmp_path):
    import gzip
    import json

    from openassembly.record.exports import export_dir

    settings.MEDIA_ROOT = tmp_path
    waiting = adopt(organisation, _ten_days())
    action = propose_sensitive_action(secretary, organisation=organisation, kind="full-export",
                                      payload={}, reason="Archive before the new rules")
    action = confirm_sensitive_action(chair, organisation=organisation, action_id=action.pk)
    with gzip.open(export_dir(organisation) / action.outcome["file"], "rt") as fp:
        data = json.load(fp)
    assert data["constitution_text"] == FOUR_WEEKS  # the version in force
    first, second = data["constitution_versions"]
    assert (first["number"], first["text"], first["in_force_since"]) == (
        1, FOUR_WEEKS, start.isoformat())
    assert (second["number"], second["text"], second["in_force_since"]) == (
        2, waiting.text, None)
    assert second["effective_at"] == (start + timedelta(days=28)).isoformat()
    assert second["sha256"] == waiting.sha256 and second["effective_rule"]
    assert first["authority"]["route"] == "founding"
    assert second["authority"] == {"route": "ballot", "text": waiting.authority_text,
                                   "reference": waiting.authority_reference, "rule": "8.2"}
