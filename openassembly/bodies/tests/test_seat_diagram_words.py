"""The seat diagram says in words what its colours show."""

from __future__ import annotations

from openassembly.bodies.seats_svg import Place, composition_sentence, seat_diagram


def test_the_diagram_describes_its_seats_by_kind_and_vacancy():
    places = [Place("Chair", "elected", True, "Ann"), Place("Regional", "elected", False, "Bo"),
              Place("Regional", "elected", False, None),
              Place("Unions", "nominated", False, "Cy"), Place("Ex", "ex-officio", False, "Di")]
    sentence = composition_sentence(places)
    assert sentence == ("4 of 5 seats filled: 1 officer, 1 elected, 1 nominated, "
                        "1 ex officio; 1 vacant.")
    svg = seat_diagram(places, title="Seats")
    assert 'aria-labelledby="seat-title seat-desc"' in svg
    assert f'<desc id="seat-desc">{sentence}</desc>' in svg


def test_a_full_body_has_no_vacancy_clause_and_an_empty_one_says_so():
    assert composition_sentence([Place("A", "elected", False, "X")]) == (
        "1 of 1 seats filled: 1 elected.")
    assert composition_sentence([]) == "No seats."
