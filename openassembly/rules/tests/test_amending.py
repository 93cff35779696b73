"""Who may change the constitution: the amending decision and the members' ballot route."""

from __future__ import annotations

import pytest

from openassembly.rules import Constitution, ConstitutionError, load_constitution
from openassembly.rules.amending import routes_in_words
from openassembly.rules.tests.conftest import MINIMAL

PETITIONS = '''
[[petitions]]
key = "rule-change"
name = "Petition for a rule change"
rule = "2.1"
percent = "10"
consequence = "referendum"

[[petitions]]
key = "agenda"
name = "Agenda petition"
rule = "2.1"
count = 20
consequence = "agenda:committee"
'''

AMENDING = '''
[[decisions]]
key = "rule-change"
name = "Change to the rules"
body = "committee"
majority = { kind = "two-thirds", rule = "2.1" }
amends_constitution = true
'''


def _problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(ConstitutionError) as caught:
        load_constitution(text)
    return [(p.key, p.message) for p in caught.value.problems]


def _ballot(petitions: str, rule: str = "2.1") -> str:
    return f'\n[amendment_ballot]\nrule = "{rule}"\npetitions = {petitions}\n'


def test_commonweal_says_who_may_amend_it(commonweal: Constitution):
    assert routes_in_words(commonweal) == (
        "a change to the constitution carried by the Coordinating Group (rule 8.2: a unanimous "
        "vote), or a members' ballot raised by a petition (rule 8.2)")


def test_a_constitution_may_provide_no_route():
    assert routes_in_words(load_constitution(MINIMAL)) == (
        "no route: this constitution provides no way to amend it")
    assert load_constitution(MINIMAL).amendment_ballot is None


def test_the_ballot_route_parses_and_reads_in_words():
    parsed = load_constitution(MINIMAL + AMENDING + PETITIONS + _ballot('["rule-change"]'))
    assert parsed.amendment_ballot is not None
    assert parsed.amendment_ballot.petitions == ["rule-change"]
    assert routes_in_words(parsed) == (
        "a change to the rules carried by the Committee (rule 2.1: two thirds of the votes "
        "cast), or a members' ballot raised by a petition (rule 2.1)")


@pytest.mark.parametrize(("ballot", "expected"), [
    (_ballot('["nothing"]'),
     [("amendment_ballot.petitions", "'nothing' is not one of the [[petitions]]")]),
    (_ballot('["agenda"]'),
     [("amendment_ballot.petitions",
       "petition 'agenda' does not lead to a members' ballot on a question")]),
    (_ballot("[]"), [("amendment_ballot.petitions", "name at least one petition")]),
    (_ballot('["rule-change"]', rule="9"),
     [("amendment_ballot.rule", "rule '9' is not one of the [[rules]]")]),
])
def test_the_ballot_route_must_name_a_rule_and_a_ballot_petition(ballot, expected):
    assert _problems(MINIMAL + PETITIONS + ballot) == expected


def test_unknown_keys_in_the_ballot_route_are_refused():
    problems = _problems(MINIMAL + PETITIONS + _ballot('["rule-change"]') + "majority = 1\n")
    assert [key for key, _ in problems] == ["amendment_ballot.majority"]
