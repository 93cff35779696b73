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


def ranks(**numbers: str) -> dict:
    """A ranked paper of four as the browser sends it: every box, "0" where not numbered."""
    return {"blank": "0", **{f"c{p}": "0" for p in range(1, 5)}, **numbers}


def test_ranking_in_any_box_order():
    form = paper("ers97", ranks(c3="1", c1="2", c4="3"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["marks"] == [3, 1, 4]


def test_ranking_errors_name_every_problem():
    form = paper("meek", ranks(c1="1", c2="1", c3="4"))
    assert not form.is_valid()
    errors = form.non_field_errors()
    assert "You gave number 1 to Ada and Bram; use each number once." in errors
    assert any("You used 1 and 4, so 2 and 3 are missing" in e for e in errors)


@pytest.mark.parametrize("tampered", [
    {"c1": "first"}, {"c1": " 1"}, {"c1": "01"}, {"c1": "5"}, {"c1": ""}, {"c1": "\u0661"},
    {"blank": "on"}, {"blank": "y"},
])
def test_a_mark_the_paper_did_not_print_is_refused_as_an_altered_paper(tampered):
    # Anything but the printed values, a number of the wrong width or beyond the paper
    # included, casts nothing: a server that guessed would let a request's length vary again.
    form = paper("irv", {**ranks(c2="1"), **tampered})
    assert not form.is_valid()
    assert "came back altered or incomplete" in form.non_field_errors()[0]


def test_a_paper_missing_a_box_is_refused_as_incomplete():
    data = ranks(c1="1")
    del data["c4"]
    form = paper("irv", data)
    assert not form.is_valid()
    assert "came back altered or incomplete" in form.non_field_errors()[0]


def test_approval_marks_any_number():
    form = paper("approval", {"blank": "0", "c1": "1", "c2": "0", "c3": "0", "c4": "1"},
                 seats=2)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["marks"] == [1, 4]


def test_approval_refuses_a_ticked_box_sent_the_checkbox_way():
    form = paper("approval", {"blank": "0", "c1": "on", "c2": "0", "c3": "0", "c4": "0"})
    assert not form.is_valid()


def test_block_vote_allows_at_most_the_places():
    form = paper("block", {"blank": "0", "c1": "1", "c2": "1", "c3": "1", "c4": "0"}, seats=2)
    assert not form.is_valid()
    assert "You marked 3 choices; mark at most 2" in form.non_field_errors()[0]


def test_single_choice_and_blank():
    form = paper("fptp", {"choice": "2"})
    assert form.is_valid() and form.cleaned_data["marks"] == [2]
    # The blank ballot is a choice among the radios, so it cannot be sent with another.
    form = paper("fptp", {"choice": "0"})
    assert form.is_valid() and form.cleaned_data["marks"] == []
    form = paper("fptp", {})
    assert not form.is_valid()
    assert "You have not marked any choice" in form.non_field_errors()[0]
    for tampered in ("02", "5", "two", " 2"):
        form = paper("fptp", {"choice": tampered})
        assert not form.is_valid()
        assert "came back altered" in form.non_field_errors()[0]


def test_marks_and_blank_together_are_explained():
    form = paper("irv", {**ranks(c1="1"), "blank": "1"})
    assert not form.is_valid()
    assert "do one or the other" in form.non_field_errors()[0]


def test_tokens_are_zero_padded_to_the_widest_number_on_the_paper():
    poll = Poll(method="fptp", seats=1)
    choices = [Choice(position=i, label=f"C{i}") for i in range(1, 13)]
    form = BallotForm(None, poll=poll, choices=choices)
    values = [value for value, _ in form.fields["choice"].choices]
    assert values[0] == "01" and values[-2] == "12" and values[-1] == "00"
    assert {len(v) for v in values} == {2}


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
