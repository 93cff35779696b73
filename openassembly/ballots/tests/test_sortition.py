"""Sortition: committed seed, published pool, a draw anyone can repeat."""

from __future__ import annotations

import hashlib

import pytest

from openassembly import counting
from openassembly.ballots import services
from openassembly.ballots.selectors import pool_labels
from openassembly.core.errors import Conflict
from openassembly.core.models import LedgerEvent


def test_draw_is_reproducible_from_published_pool_and_seed(secretary, organisation, voters):
    sortition = services.announce_sortition(
        secretary, organisation=organisation, title="Disputes panel",
        purpose="Hears appeals against decisions of the Organising Group.", places=3,
    )
    announced = LedgerEvent.objects.get(kind="sortition.announced")
    assert announced.data["seed_sha256"] == sortition.seed_sha256
    assert sortition.seed not in str(announced.data)
    for voter in voters:
        services.join_pool(voter, sortition=sortition)
    with pytest.raises(Conflict, match="in this pool already"):
        services.join_pool(voters[0], sortition=sortition)
    with pytest.raises(Conflict, match="Close the pool first"):
        services.draw(secretary, sortition=sortition)
    services.close_pool(secretary, sortition=sortition)
    with pytest.raises(Conflict, match="pool for this draw has closed"):
        services.join_pool(secretary, sortition=sortition)
    sortition = services.draw(secretary, sortition=sortition)
    assert len(sortition.selected) == 3
    # What a member does to check: hash the revealed seed, re-run the draw on the pool list.
    assert hashlib.sha256(sortition.seed.encode()).hexdigest() == announced.data["seed_sha256"]
    again = counting.draw_sortition(pool_labels(sortition), 3, seed=sortition.seed)
    assert again.selected == sortition.selected
    assert again.pool_sha256 == sortition.pool_sha256


def test_pool_needs_enough_volunteers(secretary, organisation, voters):
    sortition = services.announce_sortition(
        secretary, organisation=organisation, title="Panel", purpose="P", places=3)
    services.join_pool(voters[0], sortition=sortition)
    with pytest.raises(Conflict, match="1 volunteers for 3 places"):
        services.close_pool(secretary, sortition=sortition)
