"""A voter whose receipt page was lost gets the receipt back from the secret their browser kept,
and the server learns nothing: the receipt is the browser's secret plus the server's pad, and
the pad alone (or with a secret someone dictated) says nothing about which ballot it is."""

from __future__ import annotations

import secrets

import pytest

from openassembly.accounts.tests.doors import browser, post_form, post_json
from openassembly.ballots import services
from openassembly.ballots.forms import paper_data
from openassembly.ballots.models import Ballot, Participation
from openassembly.ballots.receipts import (
    ALPHABET,
    BODY,
    ReceiptError,
    display,
    normalise,
    receipt_from,
)
from openassembly.ballots.selectors import choices_of
from openassembly.core.errors import InvalidInput


def _secret() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(BODY))


def _pad_for(receipt: str, secret: str) -> str:
    """The pad that makes ``secret`` give ``receipt``: what a voter could claim was theirs."""
    return "".join(ALPHABET[(ALPHABET.index(r) - ALPHABET.index(s)) % 32]
                   for r, s in zip(receipt[:BODY], secret, strict=True))


def test_the_receipt_is_the_secret_plus_the_pad_with_the_check_symbol():
    assert receipt_from("0" * BODY, "7KQ2M9XD4TRBH1W")[:BODY] == "7KQ2M9XD4TRBH1W"
    # 1 + Z (31) is 32, which is 0 modulo 32.
    assert receipt_from("1" * BODY, "Z" * BODY)[:BODY] == "0" * BODY
    for _ in range(200):
        code = receipt_from(_secret(), _secret())
        # The Luhn mod-32 check symbol is kept: every derived code is a valid receipt.
        assert normalise(display(code)) == code


def test_a_pad_can_be_claimed_for_any_receipt_so_a_dictated_secret_proves_nothing():
    dictated = _secret()
    for _ in range(50):
        other = receipt_from(_secret(), _secret())
        assert receipt_from(dictated, _pad_for(other, dictated)) == other


@pytest.mark.parametrize("bad", ["", "0" * 14, "0" * 16, "O" * BODY, "u" * BODY, "0" * 14 + "!"])
def test_a_malformed_secret_is_refused(bad):
    with pytest.raises(ReceiptError):
        receipt_from(bad, "0" * BODY)


def test_casting_with_a_secret_keeps_only_the_pad(voting, voters, timetable):
    secret = _secret()
    with timetable.during_voting():
        receipt = services.cast_ballot(voters[0], poll=voting, marks=[2, 1], secret=secret)
    pad = Participation.objects.get(poll=voting, member=voters[0]).receipt_pad
    assert len(pad) == BODY and receipt == receipt_from(secret, pad)
    assert Ballot.objects.get(poll=voting).receipt == receipt
    # The secret itself is stored nowhere.
    for model in (Ballot, Participation):
        for row in model.objects.filter(poll=voting).values():
            assert secret not in str(row)


def test_one_secret_twice_gives_two_unrelated_receipts(voting, voters, timetable):
    dictated = _secret()
    with timetable.during_voting():
        first = services.cast_ballot(voters[0], poll=voting, marks=[1], secret=dictated)
        second = services.cast_ballot(voters[1], poll=voting, marks=[1], secret=dictated)
    # The server's pad makes each receipt random, whatever secret was sent.
    assert first != second


def test_without_a_secret_the_receipt_is_random_and_the_pad_kept(voting, voters, timetable):
    with timetable.during_voting():
        receipt = services.cast_ballot(voters[0], poll=voting, marks=[1])
    assert normalise(receipt) == receipt
    assert len(Participation.objects.get(poll=voting, member=voters[0]).receipt_pad) == BODY


def test_a_malformed_secret_casts_nothing(voting, voters, timetable):
    with timetable.during_voting(), pytest.raises(InvalidInput, match="receipt secret"):
        services.cast_ballot(voters[0], poll=voting, marks=[1], secret="not-a-secret-at")
    assert not Participation.objects.filter(poll=voting).exists()
    assert not Ballot.objects.exists()


def test_a_retry_after_a_lost_response_gives_the_pad_back_to_that_voter_alone(
        voting, voters, timetable):
    secret = _secret()
    url = f"/o/commonweal/polls/{voting.pk}/vote/"
    client = browser(voters[0].user)
    choices = list(choices_of(voting))
    with timetable.during_voting():
        first = post_form(client, url, {**paper_data(voting, choices, [1]), "secret": secret})
        assert first.status_code == 200
        receipt = normalise(first.content.decode().split('id="receipt"')[1]
                            .split("<strong>")[1].split("</strong>")[0])
        # The response was lost; the voter sends the ballot again.
        retry = post_form(client, url, {**paper_data(voting, choices, [2]), "secret": secret})
        other = browser(voters[1].user).get(url).content.decode()
    page = retry.content.decode()
    assert retry.status_code == 409 and "your first ballot stands" in page
    pad = Participation.objects.get(poll=voting, member=voters[0]).receipt_pad
    assert f'data-pad="{pad}"' in page
    assert receipt_from(secret, pad) == receipt
    # The code itself is not on the page: only the browser that kept the secret can make it.
    assert display(receipt) not in page and receipt not in page
    # Without JavaScript the page says plainly that recovery is not possible.
    assert "cannot recover it without JavaScript" in page
    # Nobody else is given this voter's pad, and a voter who has not voted is given none.
    assert pad not in other and "receipt-recovery" not in other
    assert Ballot.objects.filter(poll=voting).count() == 1


def test_the_api_takes_a_secret_and_gives_the_pad_to_its_voter(voting, voters, timetable):
    secret = _secret()
    client = browser(voters[0].user)
    api = f"/api/o/commonweal/polls/{voting.pk}"
    with timetable.during_voting():
        assert client.get(f"{api}/receipt-pad").status_code == 404
        cast = post_json(client, f"{api}/ballot",
                         {"marks": [1], "secret": secret, "padding": "0" * 40})
        assert cast.status_code == 200, cast.content
        pad = client.get(f"{api}/receipt-pad").json()["pad"]
        assert display(receipt_from(secret, pad)) == cast.json()["receipt"]
        refused = post_json(browser(voters[1].user), f"{api}/ballot",
                            {"marks": [1], "secret": "0" * 16})
    assert refused.status_code in (400, 422)
    assert Ballot.objects.filter(poll=voting).count() == 1
