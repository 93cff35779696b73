"""The [admission] table: its route, its qualifying period and the counting at the boundary."""

from __future__ import annotations

import re
from datetime import date

import pytest

from openassembly.rules import examples
from openassembly.rules.errors import ConstitutionError
from openassembly.rules.loader import load_constitution

DEMO = examples.read("commonweal")
BLOCK = re.search(r"\[admission\]\n(?:[a-z_]+ = .*\n)+", DEMO).group(0)


def _with(admission: str):
    return load_constitution(DEMO.replace(BLOCK, "[admission]\n" + admission))


def _problems(admission: str) -> str:
    with pytest.raises(ConstitutionError) as refused:
        _with(admission)
    return str(refused.value)


def test_the_demo_admits_by_the_secretary_or_chair_after_28_days():
    admission = load_constitution(DEMO).admission
    assert (admission.rule, admission.route, admission.power) == ("2.7", "officer",
                                                                   "admit-members")
    assert (admission.qualifying_rule, admission.days("vote"), admission.days("sign")) == (
        "2.8", 28, 28)


def test_the_period_counts_whole_days_from_joining():
    admission = load_constitution(DEMO).admission
    # Joined on 1 March: 28 days of membership are 1 to 28 March, so 29 March is the first day.
    assert admission.qualifies_on(date(2027, 3, 1), "vote") == date(2027, 3, 29)
    assert admission.latest_joining(date(2027, 3, 29), "vote") == date(2027, 3, 1)
    assert admission.latest_joining(date(2027, 3, 28), "vote") == date(2027, 2, 28)


def test_one_act_may_have_its_own_period():
    admission = _with('rule = "2.7"\nroute = "officer"\npower = "admit-members"\n'
                      'qualifying_rule = "2.8"\nqualifying_days = 28\nstand_days = 180\n'
                      'sign_days = 0\n').admission
    assert [admission.days(act) for act in ("vote", "stand", "sign")] == [28, 180, 0]


@pytest.mark.parametrize(("admission", "message"), [
    ('rule = "2.7"\nroute = "officer"\n', "needs power"),
    ('rule = "2.7"\nroute = "decision"\n', "needs decision"),
    ('rule = "2.7"\nroute = "dues"\npower = "admit-members"\n', "power is for route"),
    ('rule = "2.7"\nroute = "vote"\n', "'officer', 'decision' or 'dues'"),
    ('rule = "2.7"\nroute = "officer"\npower = "admit-everyone"\n', "not one of the [[powers]]"),
    ('rule = "2.7"\nroute = "decision"\ndecision = "whim"\n', "not one of the [[decisions]]"),
    ('rule = "2.9"\nroute = "officer"\npower = "admit-members"\n', "rule '2.9' is not one"),
    ('rule = "2.7"\nroute = "officer"\npower = "admit-members"\nqualifying_days = 28\n',
     "needs qualifying_rule"),
    ('rule = "2.7"\nroute = "officer"\npower = "admit-members"\nqualifying_rule = "2.8"\n'
     'qualifying_days = 100000\n', "at most 3,660"),
    ('rule = "2.7"\nroute = "officer"\npower = "admit-members"\nqualifying_rule = "2.8"\n'
     'vote_days = -1\n', "0 or more"),
])
def test_a_bad_admission_table_is_refused_by_name(admission, message):
    assert message in _problems(admission)


def test_route_dues_needs_a_dues_table():
    text = DEMO.replace(BLOCK, '[admission]\nrule = "2.7"\nroute = "dues"\n')
    text = re.sub(r"\[dues\]\n(?:[a-z_]+ = .*\n)+", "", text)
    with pytest.raises(ConstitutionError, match="no \\[dues\\] table"):
        load_constitution(text)
