"""Every count and size a constitution sets is bounded, with an error naming the key and the
bound; the file itself is bounded in size and nesting, and NUL characters are refused. Each
case is a hostile edit of the example constitution (or of MINIMAL) that must be refused
before anything is allocated for it."""

from __future__ import annotations

import time

import pytest

from openassembly.rules import ConstitutionError, load_constitution
from openassembly.rules.bounds import MAX_BODY_PLACES, MAX_NAME, MAX_PLACES, MAX_TEXT
from openassembly.rules.loader import MAX_CHARACTERS, MAX_DEPTH
from openassembly.rules.tests.conftest import MINIMAL, line_of


def problems(text: str) -> list:
    with pytest.raises(ConstitutionError) as info:
        load_constitution(text)
    return info.value.problems


def only(text: str):
    [problem] = problems(text)
    return problem


def test_a_hundred_million_seats_is_refused_naming_the_key_and_the_bound():
    text = MINIMAL.replace("count = 1\n", "count = 100000000\n")
    problem = only(text)
    assert problem.key == "bodies[0].seats[0].count"
    assert problem.line == line_of(text, "count = 100000000")
    assert problem.message == (
        f"must be at most {MAX_PLACES:,} (a bound no real organisation reaches), not 100,000,000"
    )


def test_the_largest_allowed_seat_count_loads():
    text = MINIMAL.replace("count = 1\n", f"count = {MAX_PLACES}\n")
    assert load_constitution(text).body("committee").seat("chair").count == MAX_PLACES


ADD = 'notice_rule = "2.1"'  # a line in MINIMAL's body after which keys can be added


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("per_affiliate = 2", "per_affiliate = 101", "bodies[0].seats[1].per_affiliate"),
        ("notice_days = 7", "notice_days = 100000", "bodies[0].notice_days"),
        ("meets_every_months = 3", "meets_every_months = 1000", "bodies[0].meets_every_months"),
        ("annual_fee_pence = 50000", "annual_fee_pence = 10000000000",
         "affiliate_kinds[0].annual_fee_pence"),
        ('quorum = { fraction = "1/3", rule = "2.1" }',
         'quorum = { count = 100000000000, rule = "2.1" }', "bodies[0].quorum.count"),
        (ADD, f'{ADD}\nterm_months = 100000\nterms_rule = "2.1"', "bodies[0].term_months"),
        (ADD, f'{ADD}\nurgent_notice_hours = 100000\nurgency_rule = "2.1"',
         "bodies[0].urgent_notice_hours"),
        (ADD, f'{ADD}\nstanding_orders = {{ rule = "2.1", speech_minutes = 100000 }}',
         "bodies[0].standing_orders.speech_minutes"),
        (ADD, f'{ADD}\nproxies = {{ rule = "2.1", most = 100000 }}', "bodies[0].proxies.most"),
    ],
)  # fmt: skip
def test_counts_and_periods_are_bounded(old, new, key):
    assert old in MINIMAL
    problem = only(MINIMAL.replace(old, new, 1))
    assert problem.key == key
    assert "must be at most" in problem.message
    assert "a bound no real organisation reaches" in problem.message


def test_election_periods_and_amendment_delays_are_bounded(example_text):
    for old, new, key, bound in [
        ("voting_days = 7", "voting_days = 100000", "elections[0].voting_days", "366"),
        ("\neffective_days = 0", "\neffective_days = 9999999", "amendments.effective_days",
         "3,660"),
        ("nominators = 2", "nominators = 100000", "elections[0].nominators", "1,000"),
    ]:  # fmt: skip
        text = example_text.replace(old, new, 1)
        assert text != example_text, old
        [problem] = problems(text)
        assert problem.key == key
        assert problem.message.startswith(f"must be at most {bound} ")


def test_per_region_seats_are_multiplied_out_for_the_body_bound():
    regions = ", ".join(f'"Region {n}"' for n in range(100))
    text = MINIMAL.replace('regions = ["North", "South"]', f"regions = [{regions}]").replace(
        "count = 1\n", "per_region = 51\n"
    )
    problem = only(text)
    assert problem.key == "bodies[0].seats"
    assert problem.message == (
        f"the seats add up to 5,100 places (per_region seats once for each region); a body may "
        f"have at most {MAX_BODY_PLACES:,}"
    )


def test_text_lengths_are_bounded():
    problem = only(MINIMAL.replace('name = "Chair"', f'name = "{"C" * (MAX_NAME + 1)}"'))
    assert problem.key == "bodies[0].seats[0].name"
    assert problem.message == f"is too long: at most {MAX_NAME} characters, not {MAX_NAME + 1}"
    long_text = f'text = "{"x" * (MAX_TEXT + 1)}"'
    problem = only(MINIMAL.replace('text = "This is the Test Group."', long_text))
    assert problem.key == "rules[0].text" and "at most 50,000 characters" in problem.message


def test_list_lengths_are_bounded():
    regions = ", ".join(f'"R{n}"' for n in range(1001))
    problem = only(MINIMAL.replace('regions = ["North", "South"]', f"regions = [{regions}]"))
    assert problem.key == "membership.regions"
    assert problem.message == "lists too many: at most 1,000 items, not 1,001"


def test_the_file_size_is_bounded():
    text = MINIMAL + "#" * MAX_CHARACTERS
    problem = only(text)
    assert problem.message == (
        f"the file is {len(text):,} characters long; a constitution may be at most "
        f"{MAX_CHARACTERS:,}"
    )


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5_000, 100_000])
def test_deep_nesting_is_refused_before_parsing(depth):
    text = MINIMAL + "\nx = " + "[" * depth + "]" * depth + "\n"
    started = time.perf_counter()
    problem = only(text)
    assert time.perf_counter() - started < 2
    assert problem.message == (
        f"tables and lists are nested {depth} deep here; at most {MAX_DEPTH} are allowed"
    )
    assert problem.line == line_of(text, "x = [")
    inline = MINIMAL + "\nx = " + "{a = " * depth + "1" + "}" * depth + "\n"
    assert "nested" in only(inline).message


def test_brackets_inside_strings_and_comments_do_not_count():
    deep = "[" * 40
    text = MINIMAL.replace('title = "Name"', f'title = "{deep}" # {deep}').replace(
        "text = \"This is the Test Group.\"", f"text = '''{deep}\\'''' # x"
    )
    assert load_constitution(text).rule("1").title == deep


def test_a_nul_character_is_refused_with_its_line():
    text = MINIMAL.replace('name = "Test Group"', 'name = "Test\x00Group"')
    problem = only(text)
    assert problem.line == line_of(text, "Test\x00Group")
    assert problem.message == "contains a NUL character (is this a binary file?)"
