"""The state machine through the ballot services: refused moves change nothing, and a stale
copy of a row cannot move it from a state it has already left."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from openassembly.ballots import services
from openassembly.ballots.models import AgendaRequest, Candidacy, Poll
from openassembly.ballots.services.agenda import place_request
from openassembly.core.actors import System
from openassembly.core.errors import Conflict
from openassembly.core.models import LedgerEvent


def test_counting_an_open_poll_is_refused_and_changes_nothing(voting, secretary, timetable):
    before = LedgerEvent.objects.count()
    with timetable.after_voting(), pytest.raises(Conflict, match="voting open; it cannot"):
        services.count_poll(secretary, poll=voting)
    voting.refresh_from_db()
    assert voting.status == Poll.Status.OPEN
    assert LedgerEvent.objects.count() == before


def test_closing_nominations_moves_only_those_still_standing(announced, secretary, voters,
                                                             timetable):
    with timetable.during_nominations():
        services.open_nominations(secretary, election=announced)
        gone = services.stand(voters[0], election=announced, statement="Me.")
        services.withdraw(voters[0], candidacy=gone)
        idle = services.stand(voters[1], election=announced, statement="Me too.")
    with timetable.after_nominations():
        services.close_nominations(secretary, election=announced)
    statuses = dict(Candidacy.objects.filter(election=announced).values_list("pk", "status"))
    assert statuses == {gone.pk: Candidacy.Status.WITHDRAWN,
                        idle.pk: Candidacy.Status.NOT_NOMINATED}


def test_a_request_placed_from_a_stale_copy_goes_on_the_agenda_once(member, organisation,
                                                                    secretary, make_voter):
    from openassembly.bodies.models import Body
    from openassembly.meetings.models import AgendaItem
    from openassembly.meetings.services.calling import call_meeting

    for i in range(60):
        make_voter(f"Signer {i}", user=False)
    petition = services.start_petition(member, organisation=organisation, kind="agenda",
                                       title="Debate housing", text="Put housing on.")
    services.sign_petition(make_voter("Last Signer"), petition=petition)
    stale = AgendaRequest.objects.get(petition=petition)
    assert stale.status == AgendaRequest.Status.PENDING
    meeting = call_meeting(
        secretary, organisation=organisation,
        body=Body.objects.get(organisation=organisation, key="coordinating-group"),
        title="Autumn meeting", starts_at=timezone.now() + timedelta(days=10), place="Hall",
    )
    # The periodic run and a second copy of it both hold the request as it was, pending.
    fresh = AgendaRequest.objects.get(pk=stale.pk)
    assert place_request(System("petition"), request=fresh).startswith("item 1 of")
    assert place_request(System("petition"), request=stale) == ""
    assert AgendaItem.objects.filter(meeting=meeting, title="Debate housing").count() == 1
    stale.refresh_from_db()
    assert stale.status == AgendaRequest.Status.PLACED
