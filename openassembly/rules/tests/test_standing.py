"""The constitution's [dues] and [discipline] tables: parsed, checked with line and key, and
the dues arithmetic (periods, grace, renewal) answered by the rules, not the apps."""

from __future__ import annotations

from datetime import date

import pytest

from openassembly.rules import Constitution, ConstitutionError, load_constitution
from openassembly.rules.standing import add_months
from openassembly.rules.tests.conftest import MINIMAL, line_of

DUES = """
[dues]
rule = "1"
annual_pence = 1200
grace_days = 30
grace_rule = "2.1"
"""
DISCIPLINE = """
[[decisions]]
key = "about-a-person"
name = "About a person"
body = "committee"
majority = { kind = "two-thirds", rule = "2.1" }

[discipline]
rule = "1"
decision = "about-a-person"
"""


def _problem(text: str):
    with pytest.raises(ConstitutionError) as caught:
        load_constitution(text)
    assert len(caught.value.problems) == 1, caught.value.problems
    return caught.value.problems[0]


def test_the_demo_sets_annual_dues_with_grace_and_names_its_disciplinary_decision(
        commonweal: Constitution):
    dues = commonweal.dues
    assert (dues.rule, dues.annual_pence, dues.period_months, dues.grace_days,
            dues.grace_rule) == ("2.3", 1200, 12, 60, "2.4")
    assert (commonweal.discipline.rule, commonweal.discipline.decision) == ("2.5",
                                                                            "about-a-person")
    kind = commonweal.decision(commonweal.discipline.decision)
    assert (kind.body, kind.majority.kind, kind.secret) == ("organising-group", "two-thirds", True)


def test_both_tables_are_optional_and_parse():
    assert load_constitution(MINIMAL).dues is None
    assert load_constitution(MINIMAL).discipline is None
    parsed = load_constitution(MINIMAL + DUES + DISCIPLINE)
    assert parsed.dues.period_months == 12 and parsed.dues.grace_days == 30
    assert parsed.discipline.decision == "about-a-person"


def test_rules_and_the_decision_must_exist_named_by_line_and_key():
    text = MINIMAL + DUES.replace('grace_rule = "2.1"', 'grace_rule = "9"')
    problem = _problem(text)
    assert (problem.line, problem.key) == (line_of(text, 'grace_rule = "9"'), "dues.grace_rule")
    text = MINIMAL + DISCIPLINE.replace('decision = "about-a-person"', 'decision = "nobody"')
    problem = _problem(text)
    assert problem.key == "discipline.decision" and "not one of the [[decisions]]" in \
        problem.message


@pytest.mark.parametrize("line, key", [
    ("annual_pence = 0", "dues.annual_pence"),
    ("annual_pence = 1200\nperiod_months = 0", "dues.period_months"),
    ("annual_pence = 1200\ngrace_days = 400", "dues.grace_days"),
])
def test_bad_amounts_and_periods_are_refused(line, key):
    problem = _problem(MINIMAL + DUES.replace("annual_pence = 1200", line)
                       .replace("grace_days = 30\n", "" if "grace_days" in line else
                                "grace_days = 30\n"))
    assert problem.key == key


def test_grace_lapsing_and_renewal(commonweal: Constitution):
    dues = commonweal.dues
    paid_to = date(2027, 1, 15)
    assert dues.lapses_on(paid_to) == date(2027, 3, 17)  # 60 days' grace, then lapsed
    assert dues.in_grace(paid_to, date(2027, 3, 16)) and not dues.lapsed(paid_to,
                                                                          date(2027, 3, 16))
    assert dues.lapsed(paid_to, date(2027, 3, 17)) and not dues.in_grace(paid_to,
                                                                         date(2027, 3, 17))
    # Within grace the arrears are paid: the year runs on from the old date.
    assert dues.paid_to_after(paid_to=paid_to, paid_on=date(2027, 3, 1), periods=1) == \
        date(2028, 1, 15)
    # After lapsing the member starts again from the day they pay.
    assert dues.paid_to_after(paid_to=paid_to, paid_on=date(2027, 4, 1), periods=2) == \
        date(2029, 4, 1)
    assert dues.period_pence() == 1200


def test_months_keep_to_the_end_of_a_shorter_month():
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
