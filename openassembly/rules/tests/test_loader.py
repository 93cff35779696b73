from __future__ import annotations

from fractions import Fraction

import pytest

from openassembly.rules import ConstitutionError, Problem, load_constitution
from openassembly.rules.loader import key_to_loc, loc_to_key, locate
from openassembly.rules.tests.conftest import MINIMAL, line_of


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(ConstitutionError) as info:
        load_constitution(text)
    return info.value.problems


def only_problem(text: str) -> Problem:
    problems = problems_of(text)
    assert len(problems) == 1, problems
    return problems[0]


def test_minimal_constitution_loads():
    c = load_constitution(MINIMAL)
    assert c.organisation.slug == "test-group"
    assert c.body("committee").quorum.fraction == Fraction(1, 3)
    assert c.rule("2.1").title == "Meetings"
    assert "[[with a bracketed line]]" in c.rule("2.1").text
    assert c.power("call-meeting").seats == ["committee/chair"]


def test_lookups_of_missing_things_name_them():
    c = load_constitution(MINIMAL)
    with pytest.raises(KeyError, match="no body 'nope'"):
        c.body("nope")
    with pytest.raises(KeyError, match="no rule '9'"):
        c.rule("9")
    with pytest.raises(KeyError, match="no power 'fly'"):
        c.power("fly")


def test_malformed_toml_keeps_tomllib_line():
    text = MINIMAL.replace('slug = "test-group"', 'slug = "test-group')
    problem = only_problem(text)
    assert problem.line == line_of(text, 'slug = "test-group')
    assert problem.key == ""
    assert problem.message.startswith("not valid TOML:")
    assert str(problem).startswith(f"line {problem.line}: not valid TOML")


def test_missing_key_points_at_its_table_header():
    text = MINIMAL.replace('count = 1\n', "")
    problem = only_problem(text)
    # the seat's "exactly one of" check fails on the whole table: the header line
    assert problem.key == "bodies[0].seats[0]"
    assert problem.line == line_of(text, "[[bodies.seats]]", 1)
    assert "exactly one of count, per_region or per_affiliate" in problem.message


def test_missing_required_field():
    text = MINIMAL.replace('notice_days = 7\n', "")
    problem = only_problem(text)
    assert problem.key == "bodies[0].notice_days"
    assert problem.message == "is required"
    assert problem.line == line_of(text, "[[bodies]]")
    assert str(problem) == f"line {problem.line}, bodies[0].notice_days: is required"


def test_out_of_range_value_matches_documented_format():
    text = MINIMAL.replace("per_affiliate = 2", "per_affiliate = 0")
    problem = only_problem(text)
    assert str(problem) == (
        f"line {line_of(text, 'per_affiliate = 0')}, bodies[0].seats[1].per_affiliate:"
        " must be greater than 0"
    )


def test_wrong_type_names_the_value():
    text = MINIMAL.replace("notice_days = 7", 'notice_days = "7"')
    problem = only_problem(text)
    assert problem.key == "bodies[0].notice_days"
    assert problem.line == line_of(text, "notice_days")
    assert problem.message == "must be a whole number, not the text '7'"


def test_wrong_type_for_bool():
    text = MINIMAL.replace("officer = true", 'officer = "yes"')
    problem = only_problem(text)
    assert problem.key == "bodies[0].seats[0].officer"
    assert problem.line == line_of(text, "officer =")
    assert "true or false" in problem.message


def test_unknown_key_suggests_the_right_one():
    text = MINIMAL.replace("requires_fee = true", "requires_fees = true")
    problem = only_problem(text)
    assert problem.key == "bodies[0].seats[1].requires_fees"
    assert problem.line == line_of(text, "requires_fees")
    assert problem.message == "is not a recognised key; did you mean 'requires_fee'?"


def test_bad_rule_reference():
    text = MINIMAL.replace('quorum = { fraction = "1/3", rule = "2.1" }',
                           'quorum = { fraction = "1/3", rule = "7.1" }')
    problem = only_problem(text)
    assert problem.key == "bodies[0].quorum.rule"
    # inline table: its line is the line of the key that holds it
    assert problem.line == line_of(text, "quorum = {")
    assert problem.message == "rule '7.1' is not one of the [[rules]]"


def test_bad_affiliate_reference():
    text = MINIMAL.replace('nominated_by = "union"', 'nominated_by = "charity"')
    problem = only_problem(text)
    assert problem.key == "bodies[0].seats[1].nominated_by"
    assert problem.line == line_of(text, 'nominated_by = "charity"')


def test_bad_power_seat_reference():
    text = MINIMAL.replace('seats = ["committee/chair"]', 'seats = ["committee/king"]')
    problem = only_problem(text)
    assert problem.key == "powers[0].seats"
    assert problem.line == line_of(text, "committee/king")
    assert problem.message == "'king' is not a seat of body 'committee'"


def test_power_seat_must_be_written_body_slash_seat():
    text = MINIMAL.replace('seats = ["committee/chair"]', 'seats = ["chair"]')
    assert "'body-key/seat-key'" in only_problem(text).message


def test_duplicate_keys_and_regions():
    text = MINIMAL.replace('key = "union-reps"', 'key = "chair"').replace(
        '["North", "South"]', '["North", "North"]')
    problems = problems_of(text)
    messages = {p.key: p.message for p in problems}
    assert messages["membership"] == "region 'North' is listed twice"
    assert len(problems) == 1  # field errors stop before cross-checks run
    text = MINIMAL.replace('key = "union-reps"', 'key = "chair"')
    problem = only_problem(text)
    assert problem.key == "bodies[0].seats[1].key"
    assert problem.line == line_of(text, 'key = "chair"', 2)


def test_requires_fee_needs_a_fee():
    text = MINIMAL.replace("annual_fee_pence = 50000\n", "")
    problem = only_problem(text)
    assert problem.key == "bodies[0].seats[1].requires_fee"
    assert "has no annual fee" in problem.message


def test_nominated_seat_needs_nominated_by():
    text = MINIMAL.replace('nominated_by = "union"\n', "")
    assert "needs nominated_by" in only_problem(text).message


def test_rule_needed_with_its_value():
    text = MINIMAL.replace('meetings_rule = "2.1"\n', "")
    problem = only_problem(text)
    assert problem.key == "bodies[0]"
    assert "meets_every_months needs meetings_rule" in problem.message


def test_sections_must_weigh_100_and_name_own_seats():
    text = MINIMAL + """
[[bodies.sections]]
key = "officers"
name = "Officers"
weight_percent = 60
rule = "1"
seats = ["chair", "treasurer"]
"""
    # sections attach to the last [[bodies]], which is still "committee"
    problems = problems_of(text)
    assert {(p.key, p.message) for p in problems} == {
        ("bodies[0].sections[0].seats", "'treasurer' is not a seat of body 'committee'"),
        ("bodies[0].sections", "section weights add up to 60%, not 100%"),
    }
    assert all(p.line == line_of(text, "[[bodies.sections]]") or
               p.line == line_of(text, 'seats = ["chair", "treasurer"]') for p in problems)


def test_petition_consequence_must_name_a_body():
    text = MINIMAL + """
[[petitions]]
key = "agenda"
name = "Agenda petition"
rule = "1"
percent = 2.5
count = 200
consequence = "agenda:council"
"""
    problem = only_problem(text)
    assert problem.key == "petitions[0].consequence"
    assert problem.line == line_of(text, "agenda:council")
    # a TOML decimal becomes an exact fraction, never a float
    ok = load_constitution(text.replace("agenda:council", "agenda:committee"))
    assert ok.petitions[0].percent == Fraction(5, 2)
    assert ok.petitions[0].agenda_body == "committee"


def test_bad_slug_and_literal():
    text = MINIMAL.replace('slug = "test-group"', 'slug = "Test Group"').replace(
        'kind = "committee"', 'kind = "cabal"')
    problems = {p.key: p for p in problems_of(text)}
    assert "not a valid key" in problems["organisation.slug"].message
    assert problems["organisation.slug"].line == line_of(text, "slug =")
    assert problems["bodies[0].kind"].message == (
        "must be 'committee', 'conference' or 'all-members', not the text 'cabal'")


def test_every_problem_reported_at_once():
    text = (MINIMAL.replace("notice_days = 7", "notice_days = -1")
            .replace('name = "Chair"', "name = 3")
            .replace("format = 1", "format = 2"))
    keys = [p.key for p in problems_of(text)]
    assert keys == ["format", "bodies[0].notice_days", "bodies[0].seats[0].name"]
    with pytest.raises(ConstitutionError) as info:
        load_constitution(text)
    assert len(str(info.value).splitlines()) == 3


def test_not_a_table_where_a_table_belongs():
    text = MINIMAL.replace('[membership]\nrule = "1"\nregions = ["North", "South"]\n', "")
    text = text.replace("format = 1\n", 'format = 1\nmembership = "everyone"\n')
    problem = only_problem(text)
    assert problem.key == "membership"
    assert problem.line == line_of(text, "membership =")
    assert problem.message == "must be a table, not the text 'everyone'"


def test_locator_tracks_nested_arrays_and_multiline_strings():
    lines = locate(MINIMAL)
    assert lines[("bodies", 0, "seats", 1, "per_affiliate")] == line_of(MINIMAL, "per_affiliate")
    assert lines[("bodies", 0, "seats", 0)] == line_of(MINIMAL, "[[bodies.seats]]", 1)
    assert lines[("rules", 1, "text")] == line_of(MINIMAL, 'text = """')
    # prose inside a multi-line string is not mistaken for a key or a table
    assert ("rules", 1, "notice") not in lines
    assert ("with a bracketed line",) not in lines
    assert lines[("membership", "regions")] == line_of(MINIMAL, "regions =")


def test_key_and_loc_round_trip():
    loc = ("bodies", 1, "seats", 0, "count")
    assert loc_to_key(loc) == "bodies[1].seats[0].count"
    assert key_to_loc("bodies[1].seats[0].count") == loc


def test_key_under_the_wrong_header():
    # a key written after [[rules]] belongs to that rule, however it was meant
    text = MINIMAL.replace('[membership]\nrule = "1"\nregions = ["North", "South"]\n',
                           'membership = "everyone"\n')
    problems = {p.key: p for p in problems_of(text)}
    stray = problems["rules[1].membership"]
    assert stray.line == line_of(text, "membership =")
    assert "wrong [table] header" in stray.message
    assert problems["membership"].message == "is required"


def test_byte_order_mark_is_tolerated():
    assert load_constitution("\ufeff" + MINIMAL).organisation.slug == "test-group"


def test_empty_file_lists_what_is_missing():
    keys = [p.key for p in problems_of("")]
    assert keys == ["format", "organisation", "rules", "membership", "bodies"]


def test_sub_tables_and_dotted_keys_are_located():
    text = MINIMAL.replace(
        'quorum = { fraction = "1/3", rule = "2.1" }\n'
        'majority = { kind = "simple", rule = "2.1" }\n',
        'majority.kind = "simple"\nmajority.rule = "2.1"\n\n'
        '[bodies.quorum]\nfraction = "4/3"\nrule = "2.1"\n')
    problem = only_problem(text)
    assert problem.key == "bodies[0].quorum"
    assert problem.line == line_of(text, "[bodies.quorum]")
    assert "at most 1" in problem.message
    lines = locate(text)
    assert lines[("bodies", 0, "majority", "rule")] == line_of(text, "majority.rule")


def test_errors_in_the_second_body_point_into_it(example_text: str):
    text = example_text.replace("per_region = 4", "per_region = 0")
    problem = only_problem(text)
    assert problem.key == "bodies[1].seats[0].per_region"
    assert problem.line == line_of(text, "per_region = 0")
    text = example_text.replace('name = "Trade union members"\n', "")
    problem = only_problem(text)
    assert problem.key == "bodies[1].seats[2].name"
    # the header of the third seat of the second body
    headers = [n for n, line in enumerate(text.splitlines(), start=1)
               if line == "[[bodies.seats]]"]
    assert problem.line == headers[6 + 2]
