"""[[petition_ballots]] and [scrutiny]: each mistake an organiser could make is refused with
its key and line; the demo's entries read as its rules say."""

from __future__ import annotations

import pytest

from openassembly.rules import ConstitutionError, load_constitution
from openassembly.rules.examples import read
from openassembly.rules.members_ballots import petition_ballot

DEMO = read("commonweal")
ENTRY = 'petition = "member-ballot"\nrule = "13.5"\n'


def problems(text: str) -> list[str]:
    with pytest.raises(ConstitutionError) as info:
        load_constitution(text)
    return [f"{p.key}: {p.message}" for p in info.value.problems]


def test_the_demo_says_how_its_petition_ballots_run():
    constitution = load_constitution(DEMO)
    spec = petition_ballot(constitution, "member-ballot")
    assert (spec.statements_days, spec.opens_days, spec.voting_days) == (14, 21, 14)
    assert spec.against_chosen_by == "members" and spec.without_statement
    amendment = petition_ballot(constitution, "rejected-amendment")
    assert amendment.amends_constitution and amendment.body == "coordinating-group"
    assert petition_ballot(constitution, "agenda") is None
    assert constitution.scrutiny.rule == "13.6"
    # Rule 13.6: the Organising Group names scrutineers by a decision moved for that alone.
    assert constitution.scrutiny.decision == "scrutineers"
    assert constitution.decision("scrutineers").body == constitution.scrutiny.body


@pytest.mark.parametrize(("change", "expected"), [
    (('petition = "member-ballot"', 'petition = "nope"'),
     "petition_ballots[0].petition: 'nope' is not one of the [[petitions]]"),
    (('opens_days = 21\nvoting_days = 14\nagainst_chosen_by = "members"',
      'opens_days = 7\nvoting_days = 14\nagainst_chosen_by = "members"'),
     "opens_days must be at least statements_days"),
    (('against_chosen_by = "body"\nbody = "coordinating-group"',
      'against_chosen_by = "members"\nbody = "coordinating-group"'),
     "body goes with, and only with, against_chosen_by = 'body'"),
    (('carried_out_by = "organising-group/secretary"\ncarry_out_days = 28\n\n'
      '[[petition_ballots]]\npetition = "recall"',
      'carried_out_by = "organising-group/janitor"\ncarry_out_days = 28\n\n'
      '[[petition_ballots]]\npetition = "recall"'),
     "'organising-group/janitor' is not a seat of a body"),
    (('without_statement_rule = "13.5"\ncarried_out_by = "organising-group/secretary"\n'
      'carry_out_days = 28\n\n[[petition_ballots]]\npetition = "recall"',
      'without_statement_rule = "99.9"\ncarried_out_by = "organising-group/secretary"\n'
      'carry_out_days = 28\n\n[[petition_ballots]]\npetition = "recall"'),
     "rule '99.9' is not one of the [[rules]]"),
    (('[scrutiny]\nrule = "13.6"\nbody = "organising-group"',
      '[scrutiny]\nrule = "13.6"\nbody = "nobody"'), "scrutiny.body: 'nobody' is not a body"),
    (('body = "organising-group"\ndecision = "scrutineers"',
      'body = "organising-group"\ndecision = "anything"'),
     "scrutiny.decision: 'anything' is not one of the [[decisions]]"),
    (('body = "organising-group"\ndecision = "scrutineers"',
      'body = "organising-group"\ndecision = "co-option"'),
     "scrutiny.decision: decision 'co-option' is taken by 'coordinating-group', not by "
     "'organising-group'"),
    (('rule = "13.6"\nbody = "organising-group"\ndecision = "scrutineers"',
      'rule = "13.6"\ndecision = "scrutineers"'),
     "scrutiny.decision: a kind of decision names scrutineers only with the body that takes it"),
])
def test_mistakes_are_refused_with_their_key(change, expected):
    old, new = change
    assert old in DEMO
    found = problems(DEMO.replace(old, new, 1))
    assert any(expected in p for p in found), found


def test_a_petition_that_calls_no_ballot_cannot_have_one():
    text = DEMO.replace('[[petition_ballots]]\npetition = "recall"',
                        '[[petition_ballots]]\npetition = "agenda"', 1)
    assert any("does not call a members' ballot" in p for p in problems(text))
