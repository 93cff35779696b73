"""The constitution's requisitions and cancellation rule: parsed, checked, and answered."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from openassembly.rules import ConstitutionError, load_constitution, meeting_rights
from openassembly.rules.questions import requisition_reached, requisition_right
from openassembly.rules.tests.conftest import EXAMPLE


def _with(extra: str, drop: str = ""):
    text = EXAMPLE.read_text()
    if drop:
        text = text.replace(drop, "")
    return load_constitution(text + "\n" + extra)


def test_the_demo_says_rule_6_1_as_it_is_written(commonweal):
    not_met = meeting_rights.requisition(commonweal, "not-met")
    assert (not_met.rule, not_met.count, not_met.not_met_months, not_met.call_within_days) == (
        "6.1", 2, 3, 0)
    assert [r.key for r in meeting_rights.requisitions_for(commonweal, "members")] == [
        "general-meeting"]
    rules = meeting_rights.cancellation(commonweal, "4.1")
    assert (rules.rule, rules.by_body, rules.officers, rules.requisitioned) == (
        "6.9", True, 2, False)
    assert rules.who("Organising Group") == (
        "the body itself, by a recorded decision; or two officers of the Organising Group "
        "acting together, with a published reason")


def test_thresholds_round_up_and_combine_like_petitions(commonweal):
    group = meeting_rights.requisition(commonweal, "group")
    assert meeting_rights.threshold(group, members=34) == 9  # a quarter of 34, rounded up
    assert meeting_rights.threshold(group, members=1) == 1
    general = meeting_rights.requisition(commonweal, "general-meeting")
    assert meeting_rights.threshold(general, members=1_000) == 50
    assert meeting_rights.threshold(general, members=100_000) == 200  # whichever is fewer
    answer = requisition_reached(group, signatures=8, members=34)
    assert not answer.ok and "1 more needed" in answer.reason and answer.rule == "6.8"
    assert requisition_reached(group, signatures=9, members=34).ok


def test_the_right_under_rule_6_1_arises_after_three_months(commonweal):
    not_met = meeting_rights.requisition(commonweal, "not-met")
    since = date(2026, 1, 10)
    early = requisition_right(not_met, body_name="Coordinating Group",
                                          last_meeting=date(2026, 3, 1), since=since,
                                          today=date(2026, 5, 31))
    assert not early.ok and "arises on 1 June 2026" in early.reason
    assert requisition_right(not_met, body_name="Coordinating Group",
                                         last_meeting=date(2026, 3, 1), since=since,
                                         today=date(2026, 6, 1)).ok
    group = meeting_rights.requisition(commonweal, "group")
    assert requisition_right(group, body_name="x", last_meeting=None, since=since,
                                         today=since).ok
    complete = datetime(2026, 6, 1, 12, tzinfo=UTC)
    assert meeting_rights.call_deadline(group, complete_at=complete) == complete + timedelta(
        days=14)
    assert meeting_rights.call_deadline(not_met, complete_at=complete) == complete


@pytest.mark.parametrize(("extra", "drop", "message"), [
    ('[cancellation]\nrule = "6.9"\nofficers = 1\nofficers_of = "organising-group"\n',
     '[cancellation]\nrule = "6.9"\nby_body = true\nofficers = 2\nofficers_of = '
     '"organising-group"\nrequisitioned = false\n', "one officer alone"),
    ('[cancellation]\nrule = "6.9"\nby_body = false\n',
     '[cancellation]\nrule = "6.9"\nby_body = true\nofficers = 2\nofficers_of = '
     '"organising-group"\nrequisitioned = false\n', "someone must be able to cancel"),
    ('[[requisitions]]\nkey = "x"\nname = "X"\nrule = "6.8"\nbodies = ["nowhere"]\ncount = 2\n',
     "", "'nowhere' is not a body"),
    ('[[requisitions]]\nkey = "y"\nname = "Y"\nrule = "99.9"\nbodies = ["members"]\ncount = 2\n',
     "", "rule '99.9' is not one of the [[rules]]"),
    ('[[requisitions]]\nkey = "z"\nname = "Z"\nrule = "6.8"\nbodies = ["members"]\n',
     "", "give percent, count or both"),
    ('[[requisitions]]\nkey = "group"\nname = "Again"\nrule = "6.8"\nbodies = ["members"]\n'
     'count = 2\n', "", "appears twice"),
])
def test_bad_sections_are_refused_with_the_reason(extra, drop, message):
    with pytest.raises(ConstitutionError) as info:
        _with(extra, drop)
    assert message in str(info.value)
