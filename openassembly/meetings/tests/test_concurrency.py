"""200 members vote in one division at the same moment: exactly 200 votes (PostgreSQL only)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections

from openassembly.core.errors import Conflict
from openassembly.meetings import services
from openassembly.meetings.models import Division, Elector, Vote

pytestmark = pytest.mark.postgres


def _general_meeting_vote(organisation, secretary, chair, people, body_of, travel, now):
    """A general meeting with ``people`` signed in online and a named vote open."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite runs one writer at a time")
    from openassembly.core import clock
    from openassembly.meetings.models import Attendance

    travel.to(now)
    # Every active member sits in the all-members body.
    meeting = services.call_meeting(secretary, organisation=organisation, body=body_of("members"),
                                    title="General meeting", starts_at=now + timedelta(days=15),
                                    place="Hall", chair=chair, agenda=[("Motion", "")])
    travel.to(now + timedelta(days=15))
    meeting = services.open_meeting(chair, meeting=meeting)
    Attendance.objects.bulk_create(
        Attendance(organisation=organisation, meeting=meeting, member=p, role="member",
                   mode="online", recorded_at=clock.now()) for p in people)
    motion = services.move_motion(people[0], item=meeting.items.get(), title="T", text="x")
    services.second_motion(people[1], motion=motion)
    return services.open_division(chair, motion=motion)


@pytest.mark.django_db(transaction=True)
def test_two_hundred_members_vote_at_once(organisation, secretary, chair, make_person,
                                          body_of, travel, now):
    people = [make_person(f"Voter {i:03d}", f"voter{i}@x.org") for i in range(200)]
    division = _general_meeting_vote(organisation, secretary, chair, people, body_of, travel, now)
    assert division.eligible == 200
    start = threading.Barrier(200)
    # PostgreSQL's default max_connections is 100 and each thread needs its own connection, so
    # at most 60 are connected at once; all 200 are released together and queue for one.
    connected = threading.BoundedSemaphore(60)
    errors: list[Exception] = []
    refused: list[int] = []

    def vote(person, choice):
        try:
            start.wait()
            with connected:
                _vote_twice(person, choice)
        except Exception as error:
            errors.append(error)

    def _cast(person, choice):
        return services.cast_vote(person, division=division, choice=choice)

    def _vote_twice(person, choice):
        try:
            _cast(person, choice)
            # A second vote from the same person, at once, must be refused.
            try:
                _cast(person, "abstain")
            except Conflict:
                refused.append(person.pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote, args=(p, "for" if i % 3 else "against"))
               for i, p in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(refused) == 200
    assert Vote.objects.filter(division=division).count() == 200
    assert Elector.objects.filter(division=division, voted=True).count() == 200
    closed = services.close_division(chair, division=Division.objects.get(pk=division.pk))
    assert (closed.votes_for, closed.against, closed.abstain) == (133, 67, 0)


@pytest.mark.django_db(transaction=True)
def test_votes_racing_the_close_are_counted_or_refused_never_lost(
        organisation, secretary, chair, make_person, body_of, travel, now):
    people = [make_person(f"Racer {i:03d}", f"racer{i}@x.org") for i in range(80)]
    division = _general_meeting_vote(organisation, secretary, chair, people, body_of, travel, now)
    start = threading.Barrier(len(people) + 1)
    connected = threading.BoundedSemaphore(60)
    accepted: list[int] = []
    closed_out: list[int] = []
    errors: list[Exception] = []

    def vote(person):
        try:
            start.wait()
            with connected:
                services.cast_vote(person, division=division, choice="for")
                accepted.append(person.pk)
        except Conflict as refusal:
            assert "closed" in str(refusal)
            closed_out.append(person.pk)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    def close():
        try:
            start.wait()
            services.close_division(chair, division=Division.objects.get(pk=division.pk))
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote, args=(p,)) for p in people]
    threads.append(threading.Thread(target=close))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(accepted) + len(closed_out) == len(people)
    result = Division.objects.get(pk=division.pk)
    # Every vote that was accepted is in the declared result, and nothing else is.
    assert result.votes_for == len(accepted)
    assert set(Vote.objects.filter(division=division).values_list("member_id", flat=True)) == \
        set(accepted)
