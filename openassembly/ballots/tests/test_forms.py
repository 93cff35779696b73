"""The ballot paper form for each kind of ballot, and the receipt code rules."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from openassembly.ballots.forms import BallotForm
from openassembly.ballots.models import Choice, Poll
from openassembly.ballots.receipts import (
    ALPHABET,
    ReceiptError,
    _check,
    new_receipt,
    normalise,
)


def paper(method: str, data: dict, seats: int = 1) -> BallotForm:
    poll = Poll(method=method, seats=seats)
    choices = [Choice(position=i, label=label) for i, label in
               enumerate(["Ada", "Bram", "Cerys", "Dev"], start=1)]
    return BallotForm(data, poll=poll, choices=choices)


def test_ranking_in_any_box_order():
    form = paper("ers97", {"c3": "1", "c1": "2", "c4": " 3 "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["marks"] == [3, 1, 4]


def test_ranking_errors_name_every_problem():
    form = paper("meek", {"c1": "1", "c2": "1", "c3": "4"})
    assert not form.is_valid()
    errors = form.non_field_errors()
    assert "You gave number 1 to Ada and Bram; use each number once." in errors
    assert any("You used 1 and 4, so 2 and 3 are missing" in e for e in errors)


def test_ranking_rejects_words_and_zero():
    form = paper("irv", {"c1": "first", "c2": "0"})
    assert not form.is_valid()
    assert "'first' is not a preference number" in form.errors["c1"][0]
    assert "'0' is not a preference number" in form.errors["c2"][0]


def test_approval_marks_any_number():
    form = paper("approval", {"c1": "on", "c4": "on"}, seats=2)
    assert form.is_valid()
    assert form.cleaned_data["marks"] == [1, 4]


def test_block_vote_allows_at_most_the_places():
    form = paper("block", {"c1": "on", "c2": "on", "c3": "on"}, seats=2)
    assert not form.is_valid()
    assert "You marked 3 choices; mark at most 2" in form.non_field_errors()[0]


def test_single_choice_and_blank():
    form = paper("fptp", {"choice": "2"})
    assert form.is_valid() and form.cleaned_data["marks"] == [2]
    form = paper("fptp", {"choice": "2", "blank": "on"})
    assert not form.is_valid()
    assert "do one or the other" in form.non_field_errors()[0]


def test_receipt_codes_round_trip_and_catch_slips():
    code = new_receipt()
    assert len(code) == 16
    grouped = "-".join(code[i:i + 4] for i in range(0, 16, 4)).lower()
    assert normalise(grouped) == code
    with pytest.raises(ReceiptError, match="has 16 characters; this one has 15"):
        normalise(code[:-1])
    with pytest.raises(ReceiptError, match="'U' cannot be part"):
        normalise(code[:-1] + "U")
    assert _check(code[:15]) == code[15]
    # Every slip in any one character is caught, the check character included.
    for position in range(16):
        for ch in ALPHABET:
            if ch == code[position]:
                continue
            with pytest.raises(ReceiptError, match="last character does not match"):
                normalise(code[:position] + ch + code[position + 1:])
    # So is every swap of two different neighbouring characters, except 0 with Z (Luhn mod N
    # cannot tell the first and last symbols apart when they swap).
    for position in range(15):
        pair = {code[position], code[position + 1]}
        if len(pair) == 2 and pair != {"0", "Z"}:
            swapped = code[:position] + code[position + 1] + code[position] + code[position + 2:]
            with pytest.raises(ReceiptError, match="last character does not match"):
                normalise(swapped)


@given(st.text(alphabet=ALPHABET, min_size=15, max_size=15), st.integers(0, 15),
       st.sampled_from(ALPHABET))
def test_no_single_slip_keeps_a_valid_code(body, position, ch):
    code = body + _check(body)
    slipped = code[:position] + ch + code[position + 1:]
    assume(slipped != code)
    with pytest.raises(ReceiptError):
        normalise(slipped)


def test_turnout_percentages_are_exact():
    from openassembly.ballots.selectors import percent

    assert [percent(1, 3), percent(2, 3), percent(1, 8), percent(0, 0), percent(10, 10)] == [
        "33.3", "66.7", "12.5", "0.0", "100.0"]
