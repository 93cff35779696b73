"""The receipt page is one size whatever the ballot: its length tells someone who sees only
the size of the encrypted response (or a log of sizes) nothing about the choice, nor how
many preferences were marked."""

from __future__ import annotations

import re

from openassembly.accounts.tests.doors import browser, post_form
from openassembly.ballots.forms import paper_data
from openassembly.ballots.receipts import display
from openassembly.ballots.selectors import choices_of
from openassembly.ballots.views.polls import RECEIPT_BUCKET, receipt_page


def _ballots(positions: list[int]) -> list[list[int]]:
    """Each choice alone, then 2, 3, ... preferences in a shuffled order, then a blank."""
    singles = [[p] for p in positions]
    longer = [list(reversed(positions[:k])) for k in range(2, len(positions) + 1)]
    return [*singles, *longer, []]


def test_every_ballot_of_a_poll_gets_a_receipt_page_of_the_same_length(voting, voters,
                                                                        timetable):
    positions = list(voting.choices.order_by("position").values_list("position", flat=True))
    ballots = _ballots(positions)[: len(voters)]
    choices = list(choices_of(voting))
    assert {len(b) for b in ballots} >= {0, 1, 2, len(positions)}
    lengths = set()
    with timetable.during_voting():
        for voter, marks in zip(voters, ballots, strict=False):
            fields = paper_data(voting, choices, marks, blank=not marks)
            response = post_form(browser(voter.user), f"/o/commonweal/polls/{voting.pk}/vote/",
                                 fields)
            assert response.status_code == 200, response.content[:300]
            assert b'id="receipt"' in response.content
            lengths.add(len(response.content))
    assert len(lengths) == 1 and lengths.pop() % RECEIPT_BUCKET == 0


def test_padding_holds_for_labels_of_any_length_and_script(voting):
    labels = ["A", "Bea & Co <Ltd>", "Zoë Øster-Łukasiewicz", "x" * 200, "伊藤 さくら", "Ed"] * 3
    labels = [f"{label} {i}" for i, label in enumerate(labels)]
    context = {"poll": voting, "organisation": voting.organisation,
               "receipt": display("A" * 16)}
    pages = [receipt_page(context, marks=[labels[i] for i in ballot], labels=labels)
             for ballot in _ballots(list(range(len(labels))))]
    assert len({len(p) for p in pages}) == 1
    # The padding is a comment inside the page, and the page is still whole.
    assert all(p.rstrip().endswith(b"</html>") and p.count(b"</body>") == 1 for p in pages)
    # Without padding the lengths differ, so the assertion above can fail.
    unpadded = {len(re.sub(rb"<!-- *-->", b"", p)) for p in pages}
    assert len(unpadded) > 1
