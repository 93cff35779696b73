"""The constitution's routes into and out of seats ([[seat_routes]], [founding]): each mistake an
organiser could make is named with its key."""

from __future__ import annotations

import pytest

from openassembly.rules import ConstitutionError, load_constitution
from openassembly.rules.seats import way_of
from openassembly.rules.tests.conftest import MINIMAL

DECISIONS = """
[[decisions]]
key = "remove-officer"
name = "Removing an officer"
body = "committee"
majority = { kind = "two-thirds", rule = "2.1" }
"""


def _problems(extra: str) -> list[tuple[str, str]]:
    with pytest.raises(ConstitutionError) as info:
        load_constitution(MINIMAL + extra)
    return [(p.key, p.message) for p in info.value.problems]


def test_seats_without_an_entry_keep_the_route_their_kind_implies():
    c = load_constitution(MINIMAL)
    chair = way_of(c, "committee", "chair")
    assert (chair.route, chair.founding, chair.recall, chair.removal) == (
        "elected", False, False, None)
    assert way_of(c, "committee", "union-reps").route == "nominated"


def test_a_full_route_reads_back():
    c = load_constitution(MINIMAL + DECISIONS + """
[founding]
rule = "1"
seats = ["committee/chair"]
founders = [{ seat = "committee/chair", name = "Ada", email = "ada@example.org" }]

[[seat_routes]]
seats = ["committee/chair"]
route = "elected"
rule = "1"
removal = "remove-officer"
removal_rule = "2.1"
""")
    chair = way_of(c, "committee", "chair")
    assert chair.founding and chair.founding_rule == "1"
    assert (chair.removal, chair.removal_rule) == ("remove-officer", "2.1")
    assert c.founding.founders[0].email == "ada@example.org"


@pytest.mark.parametrize(("extra", "key", "message"), [
    ('[[seat_routes]]\nseats = ["committee/chair"]\nroute = "nominated"\nrule = "1"\n',
     "seat_routes[0].route", "is a elected seat, so its route cannot be 'nominated'"),
    ('[[seat_routes]]\nseats = ["committee/nobody"]\nroute = "elected"\nrule = "1"\n',
     "seat_routes[0].seats", "'committee/nobody' is not a seat"),
    ('[[seat_routes]]\nseats = ["committee/chair"]\nroute = "elected"\nrule = "9"\n',
     "seat_routes[0].rule", "rule '9' is not one of the [[rules]]"),
    ('[[seat_routes]]\nseats = ["committee/chair"]\nroute = "elected"\nrule = "1"\n'
     'removal = "sacking"\n', "seat_routes[0].removal",
     "'sacking' is not one of the [[decisions]]"),
    ('[[seat_routes]]\nseats = ["committee/chair"]\nroute = "elected"\nrule = "1"\n'
     'recall = true\n', "seat_routes[0].recall", "needs a recall petition"),
    ('[[seat_routes]]\nseats = ["committee/union-reps"]\nroute = "nominated"\nrule = "1"\n'
     'co_option = "remove-officer"\n' + DECISIONS, "seat_routes[0].co_option",
     "a nominated seat is filled by its own route"),
    ('[[seat_routes]]\nseats = ["committee/chair"]\nroute = "elected"\nrule = "1"\n'
     '[[seat_routes]]\nseats = ["committee/chair"]\nroute = "elected"\nrule = "1"\n',
     "seat_routes[1].seats", "already has its route in seat_routes[0]"),
    ('[founding]\nrule = "1"\nseats = ["committee/union-reps"]\n', "founding.seats",
     "founders fill only seats that are otherwise elected"),
    ('[founding]\nrule = "1"\nseats = ["committee/chair"]\n'
     'founders = [{ seat = "committee/chair", name = "Ada", email = "not-an-address" }]\n',
     "founding.founders[0].email", "is not an email address"),
])
def test_mistakes_are_named_with_their_key(extra, key, message):
    problems = _problems(extra)
    assert any(k == key and message in m for k, m in problems), problems


BOARD = """
[[bodies]]
key = "board"
name = "Board"
rule = "1"
kind = "committee"
notice_days = 7
notice_rule = "2.1"
quorum = { fraction = "1/3", rule = "2.1" }
majority = { kind = "simple", rule = "2.1" }

[[powers]]"""


def test_a_removal_decision_of_another_body_is_refused():
    text = MINIMAL.replace("[[powers]]", BOARD, 1) + DECISIONS.replace(
        'body = "committee"', 'body = "board"')
    with pytest.raises(ConstitutionError) as info:
        load_constitution(text + '[[seat_routes]]\nseats = ["committee/chair"]\n'
                          'route = "elected"\nrule = "1"\nremoval = "remove-officer"\n')
    assert [(p.key, p.message) for p in info.value.problems] == [(
        "seat_routes[0].removal", "decision 'remove-officer' is taken by 'board', not by the "
                                  "seat's own body 'committee'")]


def test_an_ex_officio_seat_must_say_what_it_follows():
    text = MINIMAL.replace('[[powers]]', '[[bodies.seats]]\nkey = "ex"\nname = "Ex"\nrule = "1"\n'
                           'kind = "ex-officio"\ncount = 1\n\n[[powers]]', 1)
    with pytest.raises(ConstitutionError) as info:
        load_constitution(text + '[[seat_routes]]\nseats = ["committee/ex"]\n'
                          'route = "ex-officio"\nrule = "1"\n')
    assert any(p.key == "seat_routes[0].follows" for p in info.value.problems)
    c = load_constitution(text + '[[seat_routes]]\nseats = ["committee/ex"]\n'
                          'route = "ex-officio"\nfollows = "committee/chair"\nrule = "1"\n')
    assert way_of(c, "committee", "ex").follows == "committee/chair"
