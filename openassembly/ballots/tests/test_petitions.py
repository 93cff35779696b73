"""Petitions: thresholds from the constitution, one signature each, automatic consequences."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from openassembly.ballots import services
from openassembly.ballots.models import AgendaRequest, Petition, Poll
from openassembly.ballots.selectors import threshold
from openassembly.core.errors import Conflict, InvalidInput
from openassembly.core.models import LedgerEvent


def test_signing_twice_is_refused(member, organisation, voters, make_voter):
    for i in range(60):
        make_voter(f"Signer {i}", user=False)
    petition = services.start_petition(
        member, organisation=organisation, kind="member-ballot", title="Ballot on fees",
        text="We ask for a members' ballot on fees.",
    )
    services.sign_petition(voters[0], petition=petition)
    with pytest.raises(Conflict, match="signed this petition already"):
        services.sign_petition(voters[0], petition=petition)
    with pytest.raises(Conflict, match="signed this petition already"):
        services.sign_petition(member, petition=petition)
    petition.refresh_from_db()
    assert petition.signatures_count == 2


def test_threshold_is_five_percent_or_a_thousand(member, organisation, make_voter):
    for i in range(39):
        make_voter(f"Signer {i}", user=False)
    petition = services.start_petition(
        member, organisation=organisation, kind="member-ballot", title="T", text="T")
    # 40 members: 5% is 2, fewer than 1,000, so 2 signatures are needed
    assert threshold(petition) == 2


def test_reaching_the_threshold_drafts_a_members_ballot(member, organisation, voters):
    petition = services.start_petition(
        member, organisation=organisation, kind="member-ballot", title="Should we hold a "
        "conference every six months?", text="We ask that conference meets twice a year.",
    )
    # 10 active members: 5% rounds up to 1, so the starter's own signature reaches it.
    petition.refresh_from_db()
    assert petition.status == Petition.Status.SUCCEEDED
    referendum = petition.referendum
    assert referendum.poll.status == Poll.Status.DRAFT
    # Rule 13.5: the question put is the petition's text; its title heads the ballot.
    assert referendum.question == petition.text
    assert referendum.poll.title == petition.title
    assert "members' ballot" in petition.consequence
    event = LedgerEvent.objects.get(kind="petition.succeeded")
    assert event.data["threshold"] == 1
    assert "Rule 10.1" in event.data["reason"]
    with pytest.raises(Conflict, match="reached its threshold already"):
        services.sign_petition(voters[0], petition=petition)


def test_recall_petition_drafts_a_recall_ballot(member, organisation, chair):
    from openassembly.bodies.models import SeatHolding

    holding = SeatHolding.objects.get(member=chair)
    petition = services.start_petition(
        member, organisation=organisation, kind="recall", title="Recall the chair",
        text="The chair has not called a meeting for eight months.", target_holding=holding,
    )
    petition.refresh_from_db()
    referendum = petition.referendum
    assert referendum.recall_holding == holding
    assert referendum.question == "Should Chair Person be recalled from Chair?"


def test_recall_petition_must_name_a_holder(member, organisation):
    with pytest.raises(InvalidInput, match="names someone who holds a seat now"):
        services.start_petition(member, organisation=organisation, kind="recall", title="R",
                                text="R")


def test_agenda_petition_waits_for_the_next_meeting(member, organisation, make_voter):
    for i in range(60):
        make_voter(f"Signer {i}", user=False)
    petition = services.start_petition(
        member, organisation=organisation, kind="agenda", title="Debate housing",
        text="Put housing on the agenda.",
    )
    assert petition.status == Petition.Status.OPEN
    services.sign_petition(make_voter("Last Signer"), petition=petition)
    petition.refresh_from_db()
    assert petition.status == Petition.Status.SUCCEEDED
    request = AgendaRequest.objects.get(petition=petition)
    assert request.body.key == "coordinating-group"
    assert request.status == AgendaRequest.Status.PENDING
    assert "next agenda" in petition.consequence


def test_a_waiting_agenda_request_is_placed_by_the_tick_once_a_meeting_is_called(
        member, organisation, secretary, make_voter, work, capsys):
    from django.core.management import call_command

    from openassembly.bodies.models import Body
    from openassembly.meetings.models import AgendaItem
    from openassembly.meetings.services.calling import call_meeting

    for i in range(60):
        make_voter(f"Signer {i}", user=False)
    petition = services.start_petition(
        member, organisation=organisation, kind="agenda", title="Debate housing",
        text="Put housing on the agenda.",
    )
    services.sign_petition(make_voter("Last Signer"), petition=petition)
    call_command("tick")
    assert "agenda requests: 0" in capsys.readouterr().out  # no meeting called yet
    meeting = call_meeting(
        secretary, organisation=organisation,
        body=Body.objects.get(organisation=organisation, key="coordinating-group"),
        title="Autumn meeting", starts_at=timezone.now() + timedelta(days=10), place="Hall",
    )
    call_command("tick")
    call_command("tick")
    assert "agenda requests: 1" in capsys.readouterr().out
    work()
    work()
    assert AgendaItem.objects.filter(meeting=meeting, title="Debate housing").count() == 1
    assert AgendaRequest.objects.get(petition=petition).status == AgendaRequest.Status.PLACED


def test_agenda_petition_goes_on_a_called_meeting(member, organisation, secretary, make_voter):
    from openassembly.bodies.models import Body
    from openassembly.meetings.models import AgendaItem
    from openassembly.meetings.services.calling import call_meeting

    meeting = call_meeting(
        secretary, organisation=organisation,
        body=Body.objects.get(organisation=organisation, key="coordinating-group"),
        title="Autumn meeting", starts_at=timezone.now() + timedelta(days=10), place="Hall",
    )
    petition = services.start_petition(
        member, organisation=organisation, kind="agenda", title="Debate housing",
        text="Put housing on the agenda.",
    )
    petition.refresh_from_db()
    assert petition.status == Petition.Status.SUCCEEDED
    item = AgendaItem.objects.get(meeting=meeting, title="Debate housing")
    assert item.after_notice
    assert "Autumn meeting" in petition.consequence
