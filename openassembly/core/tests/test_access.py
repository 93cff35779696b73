"""Access helpers on real rows: another organisation's id is not found, exactly like a missing
one; a scope keyword narrows further; an anonymous viewer sees no officer's task."""

from __future__ import annotations

import pytest

from openassembly.core import clock
from openassembly.core.access import Viewer
from openassembly.core.actors import System
from openassembly.core.errors import NotFound


@pytest.fixture
def elsewhere(db):
    from openassembly.core.services import create_organisation
    from openassembly.rules import examples

    return create_organisation(
        System("test founders"),
        constitution_text=examples.read("commonweal").replace(
            'slug = "commonweal"', 'slug = "elsewhere"'),
    )


def test_another_organisations_row_is_not_found_like_a_missing_one(
    organisation, elsewhere, secretary
):
    from openassembly.bodies.access import access_seat_holding
    from openassembly.bodies.models import SeatHolding

    holding = SeatHolding.objects.get(member=secretary)
    key = holding.seat_group.body.key
    assert access_seat_holding(Viewer(organisation), holding.pk, body_key=key) == holding
    with pytest.raises(NotFound) as foreign:
        access_seat_holding(Viewer(elsewhere), holding.pk, body_key=key)
    with pytest.raises(NotFound) as missing:
        access_seat_holding(Viewer(organisation), holding.pk + 1000, body_key=key)
    assert str(foreign.value) == str(missing.value)
    with pytest.raises(NotFound):
        access_seat_holding(Viewer(organisation), holding.pk, body_key="no-such-body")
    with pytest.raises(NotFound):
        access_seat_holding(Viewer(organisation), "1 OR 1=1", body_key=key)


def test_an_anonymous_viewer_finds_no_task(organisation):
    from openassembly.ballots.access import access_task

    with pytest.raises(NotFound):
        access_task(Viewer(organisation), 1)


def test_a_viewer_of_a_member_carries_the_members_organisation(organisation, secretary):
    viewer = Viewer.of(secretary)
    assert viewer.organisation == organisation and viewer.member == secretary


def test_a_meeting_row_is_found_only_through_its_own_meeting_and_organisation(
    organisation, elsewhere, secretary
):
    from openassembly.bodies.models import Body
    from openassembly.meetings.access import access_in_meeting
    from openassembly.meetings.models import AgendaItem, Meeting

    def meeting_of(number: int) -> Meeting:
        return Meeting.objects.create(
            organisation=organisation, body=Body.objects.get(organisation=organisation,
                                                             key="organising-group"),
            number=number, title="Test", starts_at=clock.now(), called_at=clock.now(),
            called_by=secretary, chair=secretary, minute_taker=secretary, notice_rule="1",
            notice_reason="test",
        )

    meeting = meeting_of(1)
    item = AgendaItem.objects.create(organisation=organisation, meeting=meeting, position=1,
                                     title="Apologies", added_by=secretary, added_at=clock.now())
    assert access_in_meeting(Viewer(organisation), item.pk, model=AgendaItem,
                             meeting=meeting) == item
    with pytest.raises(NotFound):
        access_in_meeting(Viewer(elsewhere), item.pk, model=AgendaItem, meeting=meeting)
    other = meeting_of(2)
    with pytest.raises(NotFound):
        access_in_meeting(Viewer(organisation), item.pk, model=AgendaItem, meeting=other)
