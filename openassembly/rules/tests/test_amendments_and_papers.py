"""When a new constitution takes effect, and which bodies' papers go to every member."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from openassembly.rules import Constitution, ConstitutionError, load_constitution
from openassembly.rules.questions import takes_effect
from openassembly.rules.tests.conftest import MINIMAL, line_of

BODY_END = 'majority = { kind = "simple", rule = "2.1" }\n'


def _body(extra: str) -> str:
    return MINIMAL.replace(BODY_END, BODY_END + extra, 1)


def _only(text: str):
    with pytest.raises(ConstitutionError) as caught:
        load_constitution(text)
    problems = caught.value.problems
    assert len(problems) == 1, problems
    return problems[0]


def test_commonweal_sends_conference_papers_to_members_and_amends_at_once(
        commonweal: Constitution):
    conference = commonweal.body("conference")
    assert (conference.papers_to_members, conference.papers_to_members_rule) == (True, "9.1")
    assert not commonweal.body("organising-group").papers_to_members
    assert commonweal.amendments is not None
    assert (commonweal.amendments.rule, commonweal.amendments.effective_days) == ("8.5", 0)


def test_both_settings_are_optional():
    parsed = load_constitution(MINIMAL)
    assert parsed.amendments is None
    body = parsed.body("committee")
    assert body.papers_to_members is False and body.papers_to_members_rule is None


def test_papers_to_members_needs_its_rule():
    text = _body("papers_to_members = true\n")
    problem = _only(text)
    assert problem.key == "bodies[0]"
    assert problem.line == line_of(text, "[[bodies]]")
    assert "papers_to_members = true needs papers_to_members_rule" in problem.message


def test_papers_to_members_rule_alone_is_refused():
    problem = _only(_body('papers_to_members_rule = "2.1"\n'))
    assert "only applies when papers_to_members = true" in problem.message


def test_papers_to_members_must_be_true_or_false_and_cite_a_real_rule():
    text = _body('papers_to_members = "yes"\npapers_to_members_rule = "2.1"\n')
    problem = _only(text)
    assert problem.key == "bodies[0].papers_to_members"
    assert problem.line == line_of(text, 'papers_to_members = "yes"')
    assert problem.message == "must be true or false, not the text 'yes'"
    text = _body('papers_to_members = true\npapers_to_members_rule = "9.9"\n')
    problem = _only(text)
    assert problem.key == "bodies[0].papers_to_members_rule"
    assert problem.line == line_of(text, 'papers_to_members_rule = "9.9"')
    assert "rule '9.9' is not one of the [[rules]]" in problem.message


def test_amendments_parse():
    parsed = load_constitution(MINIMAL + '\n[amendments]\nrule = "2.1"\neffective_days = 28\n')
    assert parsed.amendments is not None and parsed.amendments.effective_days == 28
    at_once = load_constitution(MINIMAL + '\n[amendments]\nrule = "2.1"\n')
    assert at_once.amendments is not None and at_once.amendments.effective_days == 0


@pytest.mark.parametrize(("value", "message"), [
    ("-3", "must be 0 or more"),
    ('"28"', "must be a whole number, not the text '28'"),
    ("2.5", "must be a whole number, not 2.5"),
    ("true", "must be a whole number, not true"),
])
def test_bad_effective_days_name_the_line_and_key(value: str, message: str):
    text = MINIMAL + f'\n[amendments]\nrule = "2.1"\neffective_days = {value}\n'
    problem = _only(text)
    assert problem.key == "amendments.effective_days"
    assert problem.line == line_of(text, "effective_days =")
    assert problem.message == message
    assert str(problem) == f"line {problem.line}, amendments.effective_days: {message}"


def test_amendments_rule_must_exist_and_keys_are_checked():
    text = MINIMAL + '\n[amendments]\nrule = "8.5"\n'
    problem = _only(text)
    assert (problem.key, problem.line) == ("amendments.rule", line_of(text, 'rule = "8.5"'))
    text = MINIMAL + '\n[amendments]\nrule = "2.1"\neffective_day = 3\n'
    problem = _only(text)
    assert problem.key == "amendments.effective_day"
    assert "did you mean 'effective_days'" in problem.message


def _amendments(days: int):
    text = MINIMAL + f'\n[amendments]\nrule = "2.1"\neffective_days = {days}\n'
    return load_constitution(text).amendments


def test_a_delay_counts_real_days_from_adoption_and_cites_the_rule():
    adopted = datetime(2026, 3, 10, 18, 30, tzinfo=UTC)
    effect = takes_effect(_amendments(28), adopted_at=adopted)
    assert effect.at == adopted + timedelta(days=28)
    assert not effect.immediate and effect.rule == "2.1"
    assert effect.reason == (
        "Rule 2.1: a new version of the constitution takes effect 28 days after it is adopted; "
        "this one was adopted on 10 March 2026, so it takes effect on 7 April 2026.")


def test_a_clock_change_does_not_shorten_the_delay():
    # The UK's clocks go forward on 29 March 2026: 28 days is still 28 x 24 hours.
    adopted = datetime(2026, 3, 20, 12, 0, tzinfo=ZoneInfo("Europe/London"))
    effect = takes_effect(_amendments(28), adopted_at=adopted)
    assert effect.at - adopted == timedelta(hours=28 * 24)


def test_no_delay_means_at_once():
    adopted = datetime(2026, 3, 10, tzinfo=UTC)
    for amendments in (None, _amendments(0)):
        effect = takes_effect(amendments, adopted_at=adopted)
        assert effect.at == adopted and effect.immediate
    assert takes_effect(_amendments(0), adopted_at=adopted).reason.startswith("Rule 2.1:")
    assert takes_effect(None, adopted_at=adopted).rule == ""


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        takes_effect(_amendments(28), adopted_at=datetime(2026, 3, 10))
