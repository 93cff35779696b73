"""Proxies where the constitution allows them (rule 7.4: one each, cast with the holder's own)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.core.models import LedgerEvent
from openassembly.meetings import services
from openassembly.meetings.models import Attendance, Vote


@pytest.fixture
def og(organisation, secretary, chair, og_members, body_of, travel, now):
    reps = og_members(6)
    travel.to(now)
    meeting = services.call_meeting(secretary, organisation=organisation,
                                    body=body_of("organising-group"), title="OG",
                                    starts_at=now + timedelta(days=8), place="Hall",
                                    chair=chair, agenda=[("Budget", "")])
    return meeting, reps


def test_proxy_is_recorded_and_cast_with_the_holders_vote(og, chair, travel, now):
    meeting, reps = og
    absent, holder = reps[0], reps[1]
    proxy = services.appoint_proxy(absent, meeting=meeting, holder=holder)
    assert proxy.rule == "7.4"
    assert Attendance.objects.get(meeting=meeting, member=absent).mode == "apologies"
    travel.to(now + timedelta(days=8))
    meeting = services.open_meeting(chair, meeting=meeting)
    for person in reps[1:]:
        services.attend(person, meeting=meeting, mode="online")
    motion = services.move_motion(reps[2], item=meeting.items.get(), title="T", text="x")
    services.second_motion(reps[3], motion=motion)
    division = services.open_division(chair, motion=motion)
    assert division.eligible == 6
    with pytest.raises(PowerDenied, match="Rule 7.4"):
        services.cast_vote(holder, division=division, choice="against", for_member=absent)
    with pytest.raises(PowerDenied, match="appointed"):
        services.cast_vote(absent, division=division, choice="for")
    assert services.cast_vote(holder, division=division, choice="for") == 2
    vote = Vote.objects.get(member=absent)
    assert vote.cast_by == holder and vote.by_proxy and vote.choice == "for"
    event = LedgerEvent.objects.filter(kind="division.vote").get()
    assert event.actor == holder.name
    assert event.data == {"meeting": meeting.pk, "division": division.number, "choice": "for",
                          "for": [absent.name]}


def test_proxy_rules(og, organisation, make_person, seat_on, sitting):
    meeting, reps = og
    with pytest.raises(InvalidInput, match="someone else"):
        services.appoint_proxy(reps[0], meeting=meeting, holder=reps[0])
    services.appoint_proxy(reps[0], meeting=meeting, holder=reps[2])
    with pytest.raises(Conflict, match="nobody may hold more than 1 proxy"):
        services.appoint_proxy(reps[1], meeting=meeting, holder=reps[2])
    with pytest.raises(Conflict, match="already"):
        services.appoint_proxy(reps[0], meeting=meeting, holder=reps[3])
    outsider = make_person("Not On It", "noton@x.org")
    with pytest.raises(InvalidInput, match="must be a member of the Organising Group"):
        services.appoint_proxy(reps[4], meeting=meeting, holder=outsider)
    # The Coordinating Group's rules allow no proxies at all.
    with pytest.raises(PowerDenied, match="does not allow proxies"):
        services.appoint_proxy(sitting.members[0], meeting=sitting.meeting,
                               holder=sitting.members[1])
