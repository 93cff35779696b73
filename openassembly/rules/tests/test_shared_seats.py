"""The `shared` key of a seat: places shared among affiliates by a list method."""

from fractions import Fraction
from typing import get_args

import pytest

from openassembly.counting import METHODS
from openassembly.counting.apportionment import APPORTIONMENT_INFO
from openassembly.rules import ConstitutionError, load_constitution
from openassembly.rules.model import ApportionmentMethod, ElectionMethod
from openassembly.rules.tests.conftest import MINIMAL, line_of

UNION_REPS = 'per_affiliate = 2\nnominated_by = "union"\nrequires_fee = true'


def _with(shared: str, shape: str = "count = 10") -> str:
    return MINIMAL.replace(UNION_REPS, f'{shape}\nnominated_by = "union"\nshared = {shared}')


def _problem(text: str):
    with pytest.raises(ConstitutionError) as err:
        load_constitution(text)
    [problem] = err.value.problems
    return problem


def test_shared_places_name_a_method_rule_and_optional_threshold():
    c = load_constitution(_with('{ method = "modified-sainte-lague", rule = "1", '
                                'threshold_percent = "2.5%" }'))
    shared = c.body("committee").seat("union-reps").shared
    assert shared.method == "modified-sainte-lague" and shared.by == "members"
    assert shared.threshold_percent == Fraction(5, 2)
    plain = load_constitution(_with('{ method = "dhondt", rule = "1" }'))
    assert plain.body("committee").seat("union-reps").shared.threshold_percent == 0


def test_an_unknown_method_is_named_with_the_choices_and_the_line():
    text = _with('{ method = "d-hondt", rule = "1" }')
    problem = _problem(text)
    assert problem.key == "bodies[0].seats[1].shared.method"
    assert problem.line == line_of(text, "shared =")
    assert "'dhondt', 'sainte-lague', 'modified-sainte-lague', 'hare' or 'droop'" in \
        problem.message


@pytest.mark.parametrize("shared, shape, key, message", [
    ('{ method = "hare", rule = "1" }', "per_affiliate = 2", "bodies[0].seats[1]",
     "give count, kind = 'nominated' and nominated_by"),
    ('{ method = "hare", rule = "7" }', "count = 10", "bodies[0].seats[1].shared.rule",
     "rule '7' is not one of the [[rules]]"),
    ('{ method = "hare", rule = "1", threshold_percent = "100" }', "count = 10",
     "bodies[0].seats[1].shared", "threshold_percent must be from 0 up to"),
    ('{ method = "hare", rule = "1", by = "votes" }', "count = 10",
     "bodies[0].seats[1].shared.by", "'members'"),
    ('{ method = "hare" }', "count = 10", "bodies[0].seats[1].shared.rule", "is required"),
])
def test_bad_shared_places_are_refused_with_a_clear_problem(shared, shape, key, message):
    problem = _problem(_with(shared, shape))
    assert problem.key == key and message in problem.message


def test_an_elected_seat_cannot_be_shared():
    text = MINIMAL.replace('count = 1\nofficer = true',
                           'count = 1\nofficer = true\nshared = { method = "hare", rule = "1" }')
    problem = _problem(text)
    assert problem.key == "bodies[0].seats[0]" and "kind = 'nominated'" in problem.message


def test_method_names_match_the_counting_engine():
    assert set(get_args(ApportionmentMethod)) == set(APPORTIONMENT_INFO)
    assert set(get_args(ElectionMethod)) <= set(METHODS)
