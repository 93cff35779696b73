"""Names and titles in ballots: control characters refused naming the field; a candidate whose
name no BLT reader could hold still makes an election every counter can count."""

from __future__ import annotations

import pytest

from openassembly.ballots import blt, services
from openassembly.ballots.models import Petition, Sortition
from openassembly.ballots.tests.test_blt_grammar import droop_read, openstv_read
from openassembly.core.errors import InvalidInput
from openassembly.counting import read_blt
from openassembly.members.models import Member


def test_a_petition_title_with_a_control_character_is_refused(organisation, voters):
    with pytest.raises(InvalidInput, match="petition's title contains a control character") as e:
        services.start_petition(voters[0], organisation=organisation, kind="member-ballot",
                                title="Buses\r\nnow", text="We ask for a ballot on buses.")
    assert e.value.field == "title" and not Petition.objects.exists()
    with pytest.raises(InvalidInput, match="petition's text contains a control character") as e:
        services.start_petition(voters[0], organisation=organisation, kind="member-ballot",
                                title="Buses", text="We ask\x1b[2J for a ballot.")
    assert e.value.field == "text" and not Petition.objects.exists()
    # Line breaks and tabs are text, and stay.
    petition = services.start_petition(voters[0], organisation=organisation,
                                       kind="member-ballot", title="Buses",
                                       text="We ask:\r\n\tfor a ballot.")
    assert petition.text == "We ask:\n\tfor a ballot."


def test_a_panel_title_and_a_ballot_question_with_control_characters_are_refused(
        organisation, secretary):
    with pytest.raises(InvalidInput, match="panel's title contains a control character") as e:
        services.announce_sortition(secretary, organisation=organisation, title="Panel\x07",
                                    purpose="Appeals.", places=2)
    assert e.value.field == "title" and not Sortition.objects.exists()
    with pytest.raises(InvalidInput, match="question contains a control character") as e:
        services.create_referendum(secretary, organisation=organisation,
                                   question="Twice\x07 a year?", proposal="Conference twice.")
    assert e.value.field == "question"
    with pytest.raises(InvalidInput, match="option contains a control character") as e:
        services.create_referendum(secretary, organisation=organisation, question="When?",
                                   proposal="Conference.", options=["Spring", "Aut\x00umn"])
    assert e.value.field == "options"


def test_candidates_with_quotes_and_an_old_line_break_are_counted_by_every_reader(
        announced, secretary, voters, timetable):
    # A name stored before names were checked (the finding: a newline made the file unreadable)
    # and a name with straight double quotes, which only our own BLT dialect could read.
    Member.objects.filter(pk=voters[0].pk).update(name="Ada\nAbbot")
    Member.objects.filter(pk=voters[1].pk).update(name='Bram "Red" Bryn')
    with timetable.during_nominations():
        services.open_nominations(secretary, election=announced)
        for candidate in voters[:5]:
            candidacy = services.stand(Member.objects.get(pk=candidate.pk), election=announced,
                                       statement="Vote for me.")
            for supporter in voters[5:7]:
                services.nominate(supporter, candidacy=candidacy)
    with timetable.after_nominations():
        services.close_nominations(secretary, election=announced)
    labels = list(announced.poll.choices.order_by("position").values_list("label", flat=True))
    assert "Ada Abbot" in labels and "Bram “Red” Bryn" in labels
    with timetable.during_voting():
        services.open_voting(secretary, poll=announced.poll)
        for voter in voters:
            services.cast_ballot(voter, poll=announced.poll, marks=[1, 2])
    with timetable.after_voting():
        poll = services.close_voting(secretary, poll=announced.poll)
    assert read_blt(poll.blt).candidates == labels
    assert openstv_read(poll.blt)[4] == droop_read(poll.blt)[4] == labels
    assert sorted(droop_read(poll.blt)[3]) == sorted(openstv_read(poll.blt)[3]) == [(1, 2)] * 9
    assert len(blt.receipts(poll.blt)) == 9
