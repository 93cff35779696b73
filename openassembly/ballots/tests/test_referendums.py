"""Members' ballots: both sides' statements, live turnout and quorum, majority, recall."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from openassembly.ballots import services
from openassembly.ballots.models import Poll
from openassembly.ballots.selectors import live_turnout
from openassembly.core import clock
from openassembly.core.errors import Conflict


@pytest.fixture
def when():
    now = timezone.now().replace(microsecond=0)
    return {"opens_at": now + timedelta(days=1), "closes_at": now + timedelta(days=8),
            "roll_date": (now + timedelta(days=1)).date()}


@pytest.fixture
def referendum(secretary, organisation, when):
    return services.create_referendum(
        secretary, organisation=organisation, question="Should we join the Fair Pay Network?",
        proposal="That the Alliance affiliates to the Fair Pay Network.", **when,
    )


def test_cannot_open_without_both_statements(referendum, secretary, voters, when):
    with clock.frozen_at(when["opens_at"]), pytest.raises(
        Conflict, match=r"Rule 13.3: .* the statement for and the statement against are missing"
    ):
        services.open_voting(secretary, poll=referendum.poll)
    services.write_statement(voters[0], referendum=referendum, side="for", text="Yes: pay.")
    with clock.frozen_at(when["opens_at"]), pytest.raises(
        Conflict, match="the statement against is missing"
    ):
        services.open_voting(secretary, poll=referendum.poll)
    referendum.poll.refresh_from_db()
    assert referendum.poll.status == Poll.Status.DRAFT


def test_each_side_writes_its_own_statement(referendum, voters):
    services.write_statement(voters[0], referendum=referendum, side="for", text="For.")
    with pytest.raises(Conflict, match="each side writes its own"):
        services.write_statement(voters[0], referendum=referendum, side="against", text="No.")
    with pytest.raises(Conflict, match="already written, by Ada Abbot"):
        services.write_statement(voters[1], referendum=referendum, side="for", text="Mine.")
    services.write_statement(voters[0], referendum=referendum, side="for", text="For, revised.")
    assert referendum.statements.get(side="for").text == "For, revised."


def test_referendum_with_live_turnout_quorum_and_majority(referendum, secretary, voters,
                                                           organisation, when):
    services.write_statement(voters[0], referendum=referendum, side="for", text="For.")
    services.write_statement(voters[1], referendum=referendum, side="against", text="Against.")
    with clock.frozen_at(when["opens_at"]):
        poll = services.open_voting(secretary, poll=referendum.poll)
        # secretary and the nine voters are the active members on the roll date
        assert poll.roll_size == 10
        turnout = live_turnout(poll)
        assert (turnout["voters"], turnout["ballots"]) == (0, 0)
        assert "Rule 7.3 requires at least 1/20 of the 10 members on the roll (1)" in (
            turnout["quorum"]["reason"])
        assert not turnout["quorum"]["ok"]
        for voter, choice in zip(voters[:7], [1, 1, 1, 2, 1, 2, 1], strict=True):
            services.cast_ballot(voter, poll=poll, marks=[choice])
        services.cast_ballot(voters[7], poll=poll, marks=[])
        turnout = live_turnout(poll)
        assert (turnout["voters"], turnout["ballots"]) == (8, 8)
        assert turnout["quorum"]["ok"]
    with clock.frozen_at(when["closes_at"]):
        poll = services.close_voting(secretary, poll=poll)
        poll = services.count_poll(secretary, poll=poll)
        poll = services.declare_result(secretary, poll=poll)
    assert poll.outcome["votes"] == {"Yes": 5, "No": 2}
    assert poll.outcome["carried"] is True
    assert "Rule 8.3 requires more votes for than against" in poll.outcome["majority_reason"]
    assert poll.empty_count == 1


def test_recall_carried_ends_the_term(secretary, chair, organisation, voters, when):
    from openassembly.bodies.models import SeatHolding

    holding = SeatHolding.objects.get(member=chair)
    referendum = services.create_referendum(
        secretary, organisation=organisation, question="Recall the chair?", proposal="Recall.",
        recall_holding=holding, **when,
    )
    services.write_statement(voters[0], referendum=referendum, side="for", text="Go.")
    services.write_statement(voters[1], referendum=referendum, side="against", text="Stay.")
    with clock.frozen_at(when["opens_at"]):
        poll = services.open_voting(secretary, poll=referendum.poll)
        for voter in voters[:5]:
            services.cast_ballot(voter, poll=poll, marks=[1])
    with clock.frozen_at(when["closes_at"]):
        poll = services.close_voting(secretary, poll=poll)
        poll = services.count_poll(secretary, poll=poll)
        poll = services.declare_result(secretary, poll=poll)
        today = clock.today()
    holding.refresh_from_db()
    assert holding.ends_on == today
    assert "Chair Person is recalled" in poll.outcome["consequences"][0]


def test_not_quorate_is_not_carried(referendum, secretary, voters, make_voter, when):
    for i in range(30):
        make_voter(f"Quiet Member {i}")
    services.write_statement(voters[0], referendum=referendum, side="for", text="For.")
    services.write_statement(voters[1], referendum=referendum, side="against", text="Against.")
    with clock.frozen_at(when["opens_at"]):
        poll = services.open_voting(secretary, poll=referendum.poll)
        services.cast_ballot(voters[0], poll=poll, marks=[1])
    with clock.frozen_at(when["closes_at"]):
        poll = services.count_poll(secretary, poll=services.close_voting(secretary, poll=poll))
    assert poll.outcome["quorate"] is False
    assert poll.outcome["carried"] is False
    assert "1 has voted, so the ballot is not yet valid" in poll.outcome["quorum_reason"]
