"""Sortition: a commit-reveal seed, a published pool, a draw anyone can repeat."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.db import connection

from openassembly import counting
from openassembly.ballots import services
from openassembly.ballots.models import SeedParty, Sortition
from openassembly.ballots.tasks import due_draws
from openassembly.core import clock
from openassembly.core.authority import ACTS, Route
from openassembly.core.errors import Conflict, InvalidInput, NotFound, PowerDenied
from openassembly.core.models import LedgerEvent
from openassembly.counting.seed import Party, commitment, derive_seed, new_value


def _announce(secretary, organisation, places=3):
    return services.announce_sortition(
        secretary, organisation=organisation, title="Disputes panel",
        purpose="Hears appeals against decisions of the Organising Group.", places=places,
    )


@pytest.fixture
def parties(secretary, organisation, voters):
    """An announced draw: the returning officer and two witnesses committed, six volunteers.

    Returns (sortition, {member: value}): the values stay with the test, as they stay on each
    party's own device."""
    sortition = _announce(secretary, organisation)
    values = {}
    for party in (secretary, voters[7], voters[8]):
        values[party] = new_value()
        services.commit_seed_value(party, sortition=sortition, commitment=commitment(values[party]))
    for voter in voters[:6]:
        services.join_pool(voter, sortition=sortition)
    return sortition, values


def _published_seed(sortition: Sortition) -> tuple[str, list[str]]:
    """What a member computes from the public record alone: the pool list (the page's
    pool.txt) and the commitments and values on the ledger."""
    events = LedgerEvent.objects.filter(data__sortition=sortition.pk)
    revealed = {e.data["commitment"]: e.data["value"]
                for e in events.filter(kind="sortition.revealed")}
    committed = [e.data["commitment"] for e in events.filter(kind="sortition.committed")]
    closed = events.get(kind="sortition.pool_closed").data
    seed = derive_seed(closed["pool_sha256"],
                       [Party(c, revealed.get(c)) for c in committed])
    return seed, closed["pool_sha256"]


def test_draw_is_reproducible_from_the_published_values_alone(secretary, parties, client):
    sortition, values = parties
    services.close_pool(secretary, sortition=sortition)
    for member, value in values.items():
        services.reveal_seed_value(member, sortition=sortition, value=value)
    sortition = services.draw(secretary, sortition=sortition)
    assert len(sortition.selected) == 3
    seed, pool_sha256 = _published_seed(sortition)
    pool = client.get(f"/o/{sortition.organisation.slug}/sortitions/{sortition.pk}/pool.txt")
    labels = pool.content.decode().splitlines()
    assert hashlib.sha256(pool.content).hexdigest() == pool_sha256
    again = counting.draw_sortition(labels, 3, seed=seed)
    assert seed == sortition.seed and again.selected == sortition.selected
    drawn = LedgerEvent.objects.get(kind="sortition.drawn").data
    assert drawn["seed"] == seed and drawn["procedure"] == "openassembly-commit-reveal-v1"
    assert sorted(v for _, v in drawn["values"]) == sorted(values.values())


def test_the_server_cannot_compute_the_seed_before_the_reveals(secretary, parties):
    sortition, values = parties
    services.close_pool(secretary, sortition=sortition)
    # Everything the database holds after the close, as whoever runs it could read it.
    tables = ["ballots_sortition", "ballots_seedparty", "ballots_poolentry",
              "core_ledgerevent"]
    with connection.cursor() as cursor:
        dump = ""
        for table in tables:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (fixed names)
            dump += repr(cursor.fetchall())
    assert not any(value in dump for value in values.values())
    stored = SeedParty.objects.filter(sortition=sortition)
    assert all(p.value == "" for p in stored) and Sortition.objects.get().seed == ""
    real = derive_seed(Sortition.objects.get().pool_sha256,
                       [Party(commitment(v), v) for v in values.values()])
    assert real not in dump
    # The best the server can do without the values is the fallback for every party, which is
    # not the seed the draw will use.
    guess = derive_seed(Sortition.objects.get().pool_sha256,
                        [Party(p.commitment) for p in stored])
    assert guess != real
    # Nor may an officer draw while a party has yet to reveal and the deadline has not passed.
    services.reveal_seed_value(secretary, sortition=sortition, value=values[secretary])
    with pytest.raises(Conflict, match="waits for every value"):
        services.draw(secretary, sortition=sortition)


def test_a_value_not_matching_its_commitment_is_refused(secretary, parties, voters):
    sortition, values = parties
    with pytest.raises(Conflict, match="revealed after the pool closes"):
        services.reveal_seed_value(voters[7], sortition=sortition, value=values[voters[7]])
    services.close_pool(secretary, sortition=sortition)
    before = LedgerEvent.objects.count()
    # Another party's value, a fresh value, and a mangled one: none is the committed value.
    for wrong in (values[voters[8]], new_value(), values[voters[7]][:-1] + "x", "not hex"):
        with pytest.raises(InvalidInput, match="not the value you committed to") as refused:
            services.reveal_seed_value(voters[7], sortition=sortition, value=wrong)
        assert refused.value.field == "value"
    assert LedgerEvent.objects.count() == before
    assert SeedParty.objects.get(member=voters[7]).revealed_at is None
    services.reveal_seed_value(voters[7], sortition=sortition, value=values[voters[7]])
    with pytest.raises(Conflict, match="already settled"):
        services.reveal_seed_value(voters[7], sortition=sortition, value=values[voters[7]])
    with pytest.raises(NotFound, match="did not commit"):
        services.reveal_seed_value(voters[0], sortition=sortition, value=new_value())


def test_a_late_reveal_is_refused_and_the_fallback_stands(secretary, parties, voters, work):
    sortition, values = parties
    services.close_pool(secretary, sortition=sortition)
    sortition.refresh_from_db()
    assert sortition.reveal_by == sortition.closed_at + timedelta(hours=48)
    services.reveal_seed_value(secretary, sortition=sortition, value=values[secretary])
    services.reveal_seed_value(voters[7], sortition=sortition, value=values[voters[7]])
    assert due_draws() == 0
    late = sortition.reveal_by + timedelta(seconds=1)
    with clock.frozen_at(late):
        with pytest.raises(Conflict, match="had to be revealed by"):
            services.reveal_seed_value(voters[8], sortition=sortition, value=values[voters[8]])
        # The timetable draws once the deadline has passed, with the fallback for the silent.
        assert due_draws() == 1
        assert "draw_sortition" in work()
    sortition.refresh_from_db()
    assert sortition.status == Sortition.Status.DRAWN
    fell_back = LedgerEvent.objects.get(kind="sortition.fallback")
    silent = commitment(values[voters[8]])
    assert fell_back.data == {"sortition": sortition.pk, "party": voters[8].name,
                              "role": "witness", "commitment": silent,
                              "value": f"withheld:{silent}", "rule": "13.7"}
    assert SeedParty.objects.get(member=voters[8]).withheld
    assert LedgerEvent.objects.get(kind="sortition.drawn").actor == "the timetable"
    seed, _ = _published_seed(sortition)
    assert seed == sortition.seed
    assert counting.draw_sortition(services.sortition.pool_labels(sortition), 3,
                                   seed=seed).selected == sortition.selected


def test_the_pool_closes_only_after_the_rules_commitments(secretary, organisation, voters):
    sortition = _announce(secretary, organisation)
    for voter in voters[:6]:
        services.join_pool(voter, sortition=sortition)
    with pytest.raises(Conflict, match="still waiting for the returning officer and 2 more "
                                       "witnesses"):
        services.close_pool(secretary, sortition=sortition)
    services.commit_seed_value(secretary, sortition=sortition, commitment=commitment(new_value()))
    services.commit_seed_value(voters[7], sortition=sortition, commitment=commitment(new_value()))
    with pytest.raises(Conflict, match="Rule 13.7: .*still waiting for 1 more witness"):
        services.close_pool(secretary, sortition=sortition)
    services.commit_seed_value(voters[8], sortition=sortition, commitment=commitment(new_value()))
    services.close_pool(secretary, sortition=sortition)
    roles = dict(SeedParty.objects.values_list("member__name", "role"))
    assert roles == {secretary.name: "returning-officer", voters[7].name: "witness",
                     voters[8].name: "witness"}
    with pytest.raises(Conflict, match="before the pool closes"):
        services.commit_seed_value(voters[6], sortition=sortition,
                                   commitment=commitment(new_value()))


def test_a_party_cannot_be_in_the_pool_nor_commit_twice(secretary, organisation, voters):
    sortition = _announce(secretary, organisation)
    services.join_pool(voters[0], sortition=sortition)
    with pytest.raises(Conflict, match="in this draw's pool"):
        services.commit_seed_value(voters[0], sortition=sortition,
                                   commitment=commitment(new_value()))
    copied = commitment(new_value())
    services.commit_seed_value(voters[1], sortition=sortition, commitment=copied)
    with pytest.raises(Conflict, match="making this draw's seed"):
        services.join_pool(voters[1], sortition=sortition)
    with pytest.raises(Conflict, match="committed to a value for this draw already"):
        services.commit_seed_value(voters[1], sortition=sortition,
                                   commitment=commitment(new_value()))
    with pytest.raises(Conflict, match="given already") as refused:
        services.commit_seed_value(voters[2], sortition=sortition, commitment=copied)
    assert refused.value.field == "commitment"
    with pytest.raises(InvalidInput, match="not well formed"):
        services.commit_seed_value(voters[2], sortition=sortition, commitment="abc")
    # Nor may the returning officer who announced it take a place in the pool.
    with pytest.raises(Conflict, match="you announced this draw"):
        services.join_pool(secretary, sortition=sortition)


def test_only_an_officer_closes_or_draws(parties, voters):
    sortition, _ = parties
    with pytest.raises(PowerDenied):
        services.close_pool(voters[0], sortition=sortition)
    with pytest.raises(PowerDenied):
        services.draw(voters[0], sortition=sortition)
    assert LedgerEvent.objects.filter(kind="power.refused").count() == 2


def test_pool_needs_enough_volunteers(secretary, organisation, voters):
    sortition = services.announce_sortition(
        secretary, organisation=organisation, title="Panel", purpose="P", places=3)
    services.join_pool(voters[0], sortition=sortition)
    with pytest.raises(Conflict, match="1 volunteers for 3 places"):
        services.close_pool(secretary, sortition=sortition)


def test_every_sortition_service_declares_its_authority():
    module = "openassembly.ballots.services.sortition"
    assert ACTS[f"{module}:announce_sortition"].accepts == (Route.OFFICE,)
    assert ACTS[f"{module}:close_pool"].power == "run-ballots"
    assert ACTS[f"{module}:draw"].accepts == (Route.OFFICE, Route.SCHEDULE)
    for name in ("join_pool", "commit_seed_value", "reveal_seed_value"):
        assert ACTS[f"{module}:{name}"].accepts == (Route.SELF,)


def test_witnesses_from_a_body_are_its_seat_holders(db, voters):
    from openassembly.conftest import _person, _seat
    from openassembly.core.actors import System
    from openassembly.core.services import create_organisation
    from openassembly.rules import examples

    text = (examples.read("commonweal").replace('slug = "commonweal"', 'slug = "panelled"', 1)
            .replace('witnesses_from = "members"', 'witnesses_from = "organising-group"', 1))
    other = create_organisation(System("test founders"), constitution_text=text)
    officer = _seat(other, _person(other, "Ro Officer", "ro@panel.example"),
                    "organising-group", "secretary")
    chair = _seat(other, _person(other, "Cai Chair", "cai@panel.example"),
                  "organising-group", "chair")
    plain = _person(other, "Pat Plain", "pat@panel.example")
    sortition = _announce(officer, other)
    with pytest.raises(Conflict, match="Rule 13.7: the witnesses of a draw's seed are members "
                                       "of the Organising Group; you hold no seat on it"):
        services.commit_seed_value(plain, sortition=sortition, commitment=commitment(new_value()))
    party = services.commit_seed_value(chair, sortition=sortition,
                                       commitment=commitment(new_value()))
    assert party.role == SeedParty.Role.WITNESS


def test_a_draw_announced_before_commit_reveal_is_drawn_with_its_published_seed(
        secretary, organisation, voters):
    # As the migration leaves such a draw: a server-made seed and its published hash, no parties.
    sortition = _announce(secretary, organisation, places=2)
    legacy_seed = "5eed" * 8
    Sortition.objects.filter(pk=sortition.pk).update(
        seed=legacy_seed, seed_sha256=hashlib.sha256(legacy_seed.encode()).hexdigest())
    for voter in voters[:4]:
        services.join_pool(voter, sortition=sortition)
    services.close_pool(secretary, sortition=sortition)
    drawn = services.draw(secretary, sortition=sortition)
    labels = services.sortition.pool_labels(drawn)
    assert drawn.selected == counting.draw_sortition(labels, 2, seed=legacy_seed).selected
    assert LedgerEvent.objects.get(kind="sortition.drawn").data["seed"] == legacy_seed


def test_the_officer_who_announced_a_draw_cannot_join_its_pool(secretary, organisation, voters):
    from openassembly.ballots.models import PoolEntry
    from openassembly.core.errors import Conflict

    sortition = _announce(secretary, organisation)
    with pytest.raises(Conflict, match="you announced this draw"):
        services.join_pool(secretary, sortition=sortition)
    assert not PoolEntry.objects.filter(sortition=sortition).exists()
    services.join_pool(voters[0], sortition=sortition)  # a member who does not run it may
