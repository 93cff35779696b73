"""An election, attacked with SQL, pageinspect and pg_dump after the close: nothing links a
ballot to its voter. The same attacks before the close do link them, which shows the test can
fail (docs/threat-model.md says what stays linkable while voting is open)."""

from __future__ import annotations

import random

import pytest
from django.db import connection

from openassembly.ballots import services
from openassembly.ballots.models import Ballot, Participation, RollEntry
from openassembly.core import secrecy
from openassembly.core.models import LedgerEvent
from openassembly.core.tests import linkage

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="transaction ids, ctid, pageinspect and pg_dump are PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]

BALLOTS = Ballot._meta.db_table
MARKS = Participation._meta.db_table
# Enough ballots to fill several pages, so that old and new row versions do not simply share
# one page (where compacting it happens to overwrite the old bytes).
VOTERS = 200


@pytest.mark.parametrize("vacuum", ["VACUUM FULL", "VACUUM"])
def test_after_the_close_nothing_links_an_election_ballot_to_its_voter(
        vacuum, voting, voters, secretary, timetable, make_voter, monkeypatch):
    monkeypatch.setattr(secrecy, "VACUUM", vacuum)
    vacuumed = linkage.record_vacuums(monkeypatch)
    crowd = voters + [make_voter(f"Voter {i:03d}", user=False)
                      for i in range(VOTERS - len(voters))]
    RollEntry.objects.bulk_create(RollEntry(organisation=voting.organisation, poll=voting,
                                            member=m) for m in crowd[len(voters):])
    opened = LedgerEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    receipts = []
    with timetable.during_voting():
        for voter in crowd:
            marks = random.sample(range(1, 5), random.randint(1, 4))
            receipts.append(services.cast_ballot(voter, poll=voting, marks=marks))
    where, params = "poll_id = %s", [voting.pk]
    voter_x = set(linkage.xmins(MARKS, where, params))
    keys = list(Ballot.objects.filter(poll=voting).values_list("id", flat=True))

    # The control: while voting is open every attack works.
    assert set(linkage.xmins(BALLOTS, where, params)) == voter_x and len(voter_x) == VOTERS
    assert linkage.in_storage_order(BALLOTS, "receipt", where, params) == receipts
    assert linkage.xmins_on_pages(BALLOTS) >= voter_x
    assert all(k in linkage.raw_pages(BALLOTS) for k in linkage.key_bytes(keys))
    during = linkage.dump(BALLOTS, MARKS)
    assert [r["receipt"] for r in during[BALLOTS] if r["poll_id"] == str(voting.pk)] == receipts

    with timetable.after_voting():
        services.close_voting(secretary, poll=voting)

    # Storage order: 30 random receipts, shuffled; the odds of the voting order are 1 in 30!.
    after = linkage.in_storage_order(BALLOTS, "receipt", where, params)
    assert sorted(after) == sorted(receipts) and after != receipts
    # Transaction ids: every live ballot carries the close's, which no mark on the register has.
    live = linkage.xmins(BALLOTS, where, params)
    assert len(set(live)) == 1 and not set(live) & voter_x
    # Dead row versions: after the close's VACUUM no version in the pages carries a voter's
    # transaction id, and no byte of the pages holds a key written in a voter's transaction.
    assert vacuumed == [BALLOTS]
    assert not linkage.voter_versions_left(BALLOTS, voter_x)
    pages = linkage.raw_pages(BALLOTS)
    surviving = [k for k in linkage.key_bytes(keys) if k in pages]
    if vacuum == "VACUUM":
        # The control: a plain VACUUM leaves the removed versions' bytes in the pages.
        assert surviving
        return
    assert not surviving
    assert not set(Ballot.objects.filter(poll=voting).values_list("id", flat=True)) & set(keys)
    # A backup taken now: its ballots follow no voter's order, and carry no key from voting.
    backup = linkage.dump(BALLOTS, MARKS)
    dumped = [r for r in backup[BALLOTS] if r["poll_id"] == str(voting.pk)]
    assert sorted(r["receipt"] for r in dumped) == sorted(receipts)
    assert [r["receipt"] for r in dumped] != receipts
    assert not {r["id"] for r in dumped} & {str(k) for k in keys}
    # The ledger: nothing per voter while voting ran, and only the close after it.
    events = list(LedgerEvent.objects.filter(pk__gt=opened).order_by("pk"))
    assert [e.kind for e in events] == ["poll.closed"]
    assert not any(v.name in str(events[0].data) for v in crowd)
