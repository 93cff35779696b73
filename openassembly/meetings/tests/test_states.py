"""The state machine through the meetings services, as a careless or hostile caller uses them.

A refused move changes nothing in the database and writes nothing to the ledger; a stale copy
of a row cannot move it from a state it has already left; two people moving the same row at
the same moment (PostgreSQL) leave exactly one move done and the other refused.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, connections

from openassembly.core import states
from openassembly.core.errors import Conflict
from openassembly.core.models import LedgerEvent
from openassembly.meetings import services
from openassembly.meetings.models import Meeting, Motion, Speech


def _called(organisation, secretary, chair, body_of, travel, now) -> Meeting:
    travel.to(now)
    return services.call_meeting(
        secretary, organisation=organisation, body=body_of("organising-group"),
        title="Steering", starts_at=now + timedelta(days=8), place="Room 1", chair=chair,
        agenda=[("Budget", "")],
    )


def _events() -> int:
    return LedgerEvent.objects.count()


def test_a_closed_meeting_cannot_be_reopened_or_cancelled(organisation, secretary, chair,
                                                           body_of, travel, now):
    meeting = _called(organisation, secretary, chair, body_of, travel, now)
    travel.to(now + timedelta(days=8))
    services.open_meeting(chair, meeting=meeting)
    services.close_meeting(chair, meeting=meeting)
    before = _events()
    with pytest.raises(Conflict, match="The meeting is closed, so it cannot be cancelled now"):
        services.propose_cancellation(secretary, meeting=meeting, reason="Changed our minds")
    with pytest.raises(Conflict, match="This meeting is closed; it cannot become in session"):
        # A copy read before the meeting closed still says it was called.
        stale = Meeting.objects.get(pk=meeting.pk)
        stale.status = Meeting.Status.CALLED
        services.open_meeting(chair, meeting=stale)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancelled_reason) == (Meeting.Status.CLOSED, "")
    assert _events() == before


def test_a_stale_speech_cannot_be_ended_twice(sitting):
    speech = services.ask_to_speak(sitting.members[0], item=sitting.item)
    stale = Speech.objects.get(pk=speech.pk)
    services.end_speech(sitting.chair, speech=speech)  # withdrawn before it was called
    before = _events()
    with pytest.raises(Conflict, match="over already"):
        services.end_speech(sitting.chair, speech=stale)
    with pytest.raises(Conflict, match="has left the speakers' list"):
        services.start_speech(sitting.chair, speech=stale)
    stale.refresh_from_db()
    assert stale.status == Speech.Status.WITHDRAWN
    assert _events() == before


def test_calling_the_next_speaker_ends_only_the_one_speaking(sitting):
    first, second, third = (services.ask_to_speak(m, item=sitting.item)
                            for m in sitting.members[:3])
    services.end_speech(sitting.chair, speech=third)
    services.start_speech(sitting.chair, speech=first)
    services.start_speech(sitting.chair, speech=second)
    statuses = dict(Speech.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "done", second.pk: "speaking", third.pk: "withdrawn"}


def test_a_bulk_move_leaves_rows_in_other_states_alone(sitting):
    first, second = (services.ask_to_speak(m, item=sitting.item) for m in sitting.members[:2])
    services.end_speech(sitting.chair, speech=second)
    moved = states.move_where(Speech.objects.all(), from_=Speech.Status.WAITING,
                              to=Speech.Status.SPEAKING)
    assert moved == 1
    assert dict(Speech.objects.values_list("pk", "status")) == {
        first.pk: "speaking", second.pk: "withdrawn"}


def test_a_withdrawn_motion_cannot_be_seconded_or_put_to_the_vote(sitting):
    motion = services.move_motion(sitting.members[0], item=sitting.item, title="T", text="x")
    services.withdraw_motion(sitting.members[0], motion=motion)
    before = _events()
    with pytest.raises(Conflict):
        services.second_motion(sitting.members[1], motion=motion)
    with pytest.raises(Conflict):
        services.open_division(sitting.chair, motion=motion)
    motion.refresh_from_db()
    assert motion.status == Motion.Status.WITHDRAWN
    assert not motion.divisions.exists()
    assert _events() == before


def _race(*moves):
    """Run the moves at once, each on its own connection; their results or errors."""
    start = threading.Barrier(len(moves))
    results: list[object] = [None] * len(moves)

    def run(i, move):
        try:
            start.wait()
            results[i] = move()
        except Exception as error:
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, m)) for i, m in enumerate(moves)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def slow_moves(monkeypatch):
    """Each move waits a moment inside its transaction, so a service that did not hold the
    row's lock would let the other read the old state: the race is made wide, not hoped for."""
    move = states.move

    def slow(obj, to):
        move(obj, to)
        time.sleep(0.3)

    monkeypatch.setattr(states, "move", slow)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_opening_and_cancelling_a_meeting_at_once_does_one_of_them(
        organisation, secretary, chair, body_of, travel, now, slow_moves):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite runs one writer at a time")
    from openassembly.accounts.services import confirm_sensitive_action

    meeting = _called(organisation, secretary, chair, body_of, travel, now)
    # Two officers cancel it (rule 6.9): the secretary proposed; the chair confirms just as
    # the chair opens it.
    action = services.propose_cancellation(secretary, meeting=meeting, reason="Storm")
    travel.to(now + timedelta(days=8))
    before = _events()
    results = _race(
        lambda: services.open_meeting(chair, meeting=Meeting.objects.get(pk=meeting.pk)),
        lambda: confirm_sensitive_action(chair, organisation=organisation, action_id=action.pk),
    )
    done = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert (len(done), len(refused)) == (1, 1), results
    meeting.refresh_from_db()
    if meeting.status == Meeting.Status.OPEN:
        assert str(refused[0]) == "The meeting is in session, so it cannot be cancelled now."
        assert _events() == before + 1
    else:
        assert meeting.status == Meeting.Status.CANCELLED
        assert str(refused[0]) == "This meeting is cancelled; it cannot become in session."
        assert _events() == before + 2  # the cancellation and the confirmation


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_chairs_closing_a_meeting_at_once_close_it_once(
        organisation, secretary, chair, body_of, travel, now, slow_moves):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite runs one writer at a time")
    meeting = _called(organisation, secretary, chair, body_of, travel, now)
    travel.to(now + timedelta(days=8))
    services.open_meeting(chair, meeting=meeting)
    before = _events()
    results = _race(*[lambda: services.close_meeting(
        chair, meeting=Meeting.objects.get(pk=meeting.pk))] * 2)
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "Meeting"], results
    assert _events() == before + 1
