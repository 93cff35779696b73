"""Powers come from seats held today, through the seat source bodies registers."""

from __future__ import annotations

from datetime import timedelta

import pytest

from openassembly.bodies.powers import seats_in_force
from openassembly.core import clock, powers
from openassembly.core.errors import PowerDenied


def test_bodies_has_registered_the_seat_source():
    assert powers._seat_source is seats_in_force


@pytest.mark.django_db
def test_a_seat_gives_its_powers_and_an_ended_term_takes_them_away(organisation, secretary):
    assert "manage-register" in powers.powers_of(secretary)
    holding = secretary.seats.get()
    holding.ends_on = clock.today()
    holding.save(update_fields=["ends_on"])
    assert powers.powers_of(secretary) == set()
    with pytest.raises(PowerDenied) as refused:
        powers.require_power(organisation, secretary, "manage-register")
    assert refused.value.rule


@pytest.mark.django_db
def test_an_inactive_member_exercises_no_power_from_a_seat_still_held(organisation, secretary):
    secretary.status = "lapsed"
    secretary.save(update_fields=["status"])
    assert seats_in_force(secretary) == set()
    assert powers.powers_of(secretary) == set()


@pytest.mark.django_db
def test_a_term_not_yet_begun_gives_no_power(organisation, secretary):
    holding = secretary.seats.get()
    holding.starts_on = clock.today() + timedelta(days=1)
    holding.save(update_fields=["starts_on"])
    assert powers.powers_of(secretary) == set()


def test_bodies_has_registered_to_follow_the_constitution():
    from openassembly.bodies.services import apply_constitution
    from openassembly.core import hooks

    assert apply_constitution in hooks._applied
    hooks.on_constitution_applied(apply_constitution)
    assert hooks._applied.count(apply_constitution) == 1
