"""Sortition: a panel drawn by lot from a published pool, with a committed seed.

The seed is drawn when the sortition is announced and only its SHA-256 is published; the
pool closes, its list and digest are published, and then the draw reveals the seed. Anyone can
check the seed against its hash and repeat the draw with ``counting.draw_sortition``.
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import IntegrityError, transaction

from openassembly import counting
from openassembly.core import clock
from openassembly.core.authority import Route, acts
from openassembly.core.errors import Conflict, InvalidInput, NotFound
from openassembly.core.ledger import append_event
from openassembly.core.models import Organisation
from openassembly.core.powers import require_power
from openassembly.core.states import move
from openassembly.counting.lots import pool_digest
from openassembly.members.models import Member

from ..constitution import ballot_rule
from ..models import PoolEntry, Sortition
from ..selectors import pool_labels
from .common import require_active

RUN = "run-ballots"


def _rule(organisation: Organisation) -> str:
    ballots = organisation.constitution.ballots
    if ballots is not None and ballots.sortition_rule:
        return ballots.sortition_rule
    return ballot_rule(organisation)


@acts(Route.OFFICE, power="run-ballots")
def announce_sortition(
    actor: Member, *, organisation: Organisation, title: str, purpose: str, places: int
) -> Sortition:
    require_power(organisation, actor, RUN)
    if not title.strip() or not purpose.strip():
        raise InvalidInput("Say what the panel is and what it is for.")
    if places < 1:
        raise InvalidInput("A panel needs at least one place.")
    seed = secrets.token_hex(16)
    with transaction.atomic():
        sortition = Sortition.objects.create(
            organisation=organisation, title=title.strip(), purpose=purpose.strip(),
            rule=_rule(organisation), places=places, seed=seed,
            seed_sha256=hashlib.sha256(seed.encode()).hexdigest(), created_by=actor,
            created_at=clock.now(),
        )
        append_event(
            organisation, kind="sortition.announced", actor=actor.name,
            data={"sortition": sortition.pk, "title": sortition.title, "places": places,
                  "seed_sha256": sortition.seed_sha256, "procedure": "openassembly-lot-v1",
                  "rule": sortition.rule},
        )
    return sortition


@acts(Route.SELF)
def join_pool(member: Member, *, sortition: Sortition) -> PoolEntry:
    """Volunteer for the pool; the pool list, with names, is published so the draw can be
    repeated."""
    require_active(member, "join a pool")
    if member.organisation_id != sortition.organisation_id:
        raise NotFound("No such draw.")
    try:
        with transaction.atomic():
            # Locked so that nobody joins a pool in the moment it is closed and published.
            locked = Sortition.objects.select_for_update().get(pk=sortition.pk)
            if locked.status != Sortition.Status.POOL_OPEN:
                raise Conflict("The pool for this draw has closed.")
            entry = PoolEntry.objects.create(
                organisation=sortition.organisation, sortition=sortition, member=member,
                label=f"{member.name} (member {member.pk})", joined_at=clock.now(),
            )
            append_event(
                sortition.organisation, kind="sortition.volunteered", actor=None,
                data={"sortition": sortition.pk, "pool": sortition.pool.count()},
            )
    except IntegrityError:
        raise Conflict("You are in this pool already.") from None
    return entry


@acts(Route.OFFICE, power="run-ballots")
def close_pool(actor: Member, *, sortition: Sortition) -> Sortition:
    require_power(sortition.organisation, actor, RUN)
    with transaction.atomic():
        sortition = Sortition.objects.select_for_update().get(pk=sortition.pk)
        if sortition.status != Sortition.Status.POOL_OPEN:
            raise Conflict("The pool is closed already.")
        labels = pool_labels(sortition)
        if len(labels) < sortition.places:
            raise Conflict(
                f"The pool has {len(labels)} volunteers for {sortition.places} places; wait for "
                "more before closing it."
            )
        move(sortition, Sortition.Status.POOL_CLOSED)
        sortition.pool_sha256 = pool_digest(labels)
        sortition.closed_at = clock.now()
        sortition.save(update_fields=["status", "pool_sha256", "closed_at"])
        append_event(
            sortition.organisation, kind="sortition.pool_closed", actor=actor.name,
            # The list itself is on the draw's page; the ledger keeps only its digest.
            data={"sortition": sortition.pk, "pool_size": len(labels),
                  "pool_sha256": sortition.pool_sha256},
        )
    return sortition


@acts(Route.OFFICE, power="run-ballots")
def draw(actor: Member, *, sortition: Sortition) -> Sortition:
    require_power(sortition.organisation, actor, RUN)
    with transaction.atomic():
        sortition = Sortition.objects.select_for_update().get(pk=sortition.pk)
        if sortition.status != Sortition.Status.POOL_CLOSED:
            raise Conflict("Close the pool first: the draw uses the published, closed pool.")
        result = counting.draw_sortition(pool_labels(sortition), sortition.places,
                                         seed=sortition.seed)
        if result.pool_sha256 != sortition.pool_sha256:
            raise Conflict("The pool has changed since it was closed; the draw is refused.")
        move(sortition, Sortition.Status.DRAWN)
        sortition.selected = result.selected
        sortition.drawn_at = clock.now()
        sortition.save(update_fields=["status", "selected", "drawn_at"])
        append_event(
            sortition.organisation, kind="sortition.drawn", actor=actor.name,
            data={"sortition": sortition.pk, "seed": sortition.seed,
                  "pool_sha256": sortition.pool_sha256, "selected": result.selected},
        )
    return sortition
