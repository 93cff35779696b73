"""The database cannot tell an officer how a member voted: nothing joins a ballot to a voter."""

from __future__ import annotations

import random

from django.db import connection, models

from openassembly.ballots import blt, services
from openassembly.ballots.models import Ballot, Participation

BALLOT_COLUMNS = {"id", "organisation_id", "poll_id", "receipt", "marks"}
# receipt_pad is the server's half of the voter's receipt (receipts.py): random, and without
# the secret the voter's browser kept it fits every ballot equally well.
PARTICIPATION_COLUMNS = {"id", "organisation_id", "poll_id", "member_id", "receipt_pad"}


def _columns(model) -> set[str]:
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(
            cursor, model._meta.db_table)}


def test_ballot_table_has_only_the_anonymous_columns(db):
    assert _columns(Ballot) == BALLOT_COLUMNS
    assert _columns(Participation) == PARTICIPATION_COLUMNS


def test_no_column_joins_a_ballot_to_a_member_or_an_order(db):
    for field in Ballot._meta.get_fields():
        # No member, user or participation reference, and nothing that records time or order.
        if field.is_relation:
            assert field.related_model._meta.label in {"core.Organisation", "ballots.Poll"}, field
        assert not isinstance(field, models.DateField | models.DateTimeField | models.TimeField)
        assert not isinstance(field, models.AutoField | models.BigAutoField | models.IntegerField)
    assert isinstance(Ballot._meta.pk, models.UUIDField)
    assert Ballot._meta.ordering == []
    assert not Ballot._meta.indexes
    for field in Participation._meta.get_fields():
        assert not isinstance(field, models.DateField | models.DateTimeField | models.TimeField)
        if field.is_relation:
            assert field.related_model is not Ballot
    # The only things the two tables share are the organisation and the poll.
    shared = BALLOT_COLUMNS & PARTICIPATION_COLUMNS
    assert shared == {"id", "organisation_id", "poll_id"}


def test_ballot_keys_are_random_not_sequential(voting, voters, timetable):
    with timetable.during_voting():
        for voter in voters:
            services.cast_ballot(voter, poll=voting, marks=[1])
    keys = [b.id.int for b in Ballot.objects.filter(poll=voting)]
    assert all(b.id.version == 4 for b in Ballot.objects.filter(poll=voting))
    assert len(set(keys)) == len(voters)


def test_closing_rewrites_storage_order_and_publishes_in_receipt_order(voting, voters, secretary,
                                                                       timetable, make_voter):
    # More voters, so that an unchanged storage order after the close cannot happen by chance.
    crowd = voters + [make_voter(f"Voter {i:02d}") for i in range(40)]
    from openassembly.ballots.models import RollEntry

    RollEntry.objects.bulk_create(RollEntry(organisation=voting.organisation, poll=voting,
                                            member=m) for m in crowd[len(voters):])
    cast_order = []
    with timetable.during_voting():
        for voter in crowd:
            cast_order.append(services.cast_ballot(voter, poll=voting,
                                                   marks=[random.randint(1, 4)]))
    with timetable.after_voting():
        poll = services.close_voting(secretary, poll=voting)
    # An unordered read returns rows in storage order (SQLite rowid, PostgreSQL heap order).
    stored = list(Ballot.objects.filter(poll=poll).values_list("receipt", flat=True))
    assert sorted(stored) == sorted(cast_order)
    assert stored != cast_order
    published = list(blt.receipts(poll.blt))
    assert published == sorted(cast_order)
