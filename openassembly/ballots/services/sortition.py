"""Sortition: a panel drawn by lot from a published pool, with a seed nobody can know early.

The seed is made by commit and reveal (``counting.seed``; docs/sortition.md). The returning
officer (who announced the draw) and at least the constitution's number of witnesses each make
a secret value on their own device and give the server only its SHA-256 before the pool
closes. After the close each reveals the value, which is refused unless it matches. The draw
is made once every party has revealed, or when the reveal deadline has passed, in which case
each silent party's value is replaced by the published fallback (fixed by its commitment).
Anyone can repeat the draw from the pool list and the published values alone.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q

from openassembly import counting
from openassembly.bodies.models import SeatHolding
from openassembly.core import clock
from openassembly.core.actors import Actor
from openassembly.core.authority import Route, acts
from openassembly.core.errors import Conflict, InvalidInput, NotFound
from openassembly.core.ledger import append_event
from openassembly.core.models import Organisation
from openassembly.core.powers import require_power
from openassembly.core.states import move
from openassembly.core.text import plain_name, plain_text
from openassembly.counting.blt import one_line
from openassembly.counting.lots import pool_digest
from openassembly.counting.seed import (
    SEED_VERSION,
    Party,
    SeedError,
    check_commitment,
    derive_seed,
    fallback,
    matches,
)
from openassembly.members.models import Member
from openassembly.rules.sortition import ANY_MEMBER

from ..models import PoolEntry, SeedParty, Sortition
from ..selectors import draw_due, pool_labels, seed_rules, sortition_rule
from .common import require_active, require_qualified, when

RUN = "run-ballots"


@acts(Route.OFFICE, power=RUN)
@transaction.atomic
def announce_sortition(
    actor: Member, *, organisation: Organisation, title: str, purpose: str, places: int
) -> Sortition:
    require_power(organisation, actor, RUN)
    title = plain_name(title, what="panel's title", field="title")
    purpose = plain_text(purpose, what="panel's purpose", field="purpose")
    if not title or not purpose:
        raise InvalidInput("Say what the panel is and what it is for.")
    if places < 1:
        raise InvalidInput("A panel needs at least one place.")
    rules = seed_rules(organisation)
    sortition = Sortition.objects.create(
        organisation=organisation, title=title.strip(), purpose=purpose.strip(),
        rule=sortition_rule(organisation), places=places, created_by=actor, created_at=clock.now(),
        witnesses=rules.witnesses, seed_rule=rules.rule, reveal_hours=rules.reveal_hours,
    )
    append_event(
        organisation, kind="sortition.announced", actor=actor.name,
        data={"sortition": sortition.pk, "title": sortition.title, "places": places,
              "procedure": f"{SEED_VERSION}, openassembly-lot-v1", "rule": sortition.rule,
              "witnesses": rules.witnesses, "reveal_hours": rules.reveal_hours,
              "seed_rule": rules.rule},
    )
    return sortition


@acts(Route.SELF)
def join_pool(member: Member, *, sortition: Sortition) -> PoolEntry:
    """Volunteer for the pool; the pool list, with names, is published so the draw can be
    repeated."""
    # Volunteering to be drawn for a panel is standing for it: the same qualifying period.
    require_qualified(member, "stand", "join a pool")
    if member.organisation_id != sortition.organisation_id:
        raise NotFound("No such draw.")
    try:
        with transaction.atomic():
            # Locked so that nobody joins a pool in the moment it is closed and published.
            locked = Sortition.objects.select_for_update().get(pk=sortition.pk)
            if locked.status != Sortition.Status.POOL_OPEN:
                raise Conflict("The pool for this draw has closed.")
            if locked.created_by_id == member.pk:
                # Whoever announced the draw closes its pool, and could close it when their own
                # odds are best: like a returning officer, they run it and do not stand in it.
                raise Conflict(f"Rule {locked.rule}: you announced this draw and run it, so "
                               "you cannot also be in its pool.")
            if locked.parties.filter(member=member).exists():
                raise Conflict(f"Rule {locked.seed_rule}: you are making this draw's seed, so "
                               "you cannot also be in its pool.")
            entry = PoolEntry.objects.create(
                organisation=sortition.organisation, sortition=sortition, member=member,
                label=f"{one_line(member.name)} (member {member.pk})", joined_at=clock.now(),
            )
            append_event(
                sortition.organisation, kind="sortition.volunteered", actor=None,
                data={"sortition": sortition.pk, "pool": sortition.pool.count()},
            )
    except IntegrityError:
        raise Conflict("You are in this pool already.") from None
    return entry


def _may_witness(member: Member, sortition: Sortition) -> None:
    """A witness is an active member the rules allow; the refusal names the rule."""
    rule = sortition.seed_rule
    require_active(member, "make a draw's seed")
    source = seed_rules(sortition.organisation).witnesses_from
    if source == ANY_MEMBER:
        return
    today = clock.today()
    sits = SeatHolding.objects.filter(
        member=member, seat_group__body__key=source, starts_on__lte=today,
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today)).exists()
    if not sits:
        body = sortition.organisation.constitution.body(source).name
        raise Conflict(f"Rule {rule}: the witnesses of a draw's seed are members of the "
                       f"{body}; you hold no seat on it.")


@acts(Route.SELF)
@transaction.atomic
def commit_seed_value(member: Member, *, sortition: Sortition, commitment: str) -> SeedParty:
    """A party gives the commitment to the value it made on its own device. The returning
    officer (who announced the draw) commits as such; anyone else the rules allow, as a
    witness. The server never sees the value before the pool has closed."""
    commitment = commitment.strip().lower()
    try:
        check_commitment(commitment)
    except SeedError as exc:
        raise InvalidInput(f"The commitment is not well formed: {exc}.", field="commitment") \
            from None
    sortition = Sortition.objects.select_for_update().get(pk=sortition.pk)
    if member.organisation_id != sortition.organisation_id:
        raise NotFound("No such draw.")
    if sortition.status != Sortition.Status.POOL_OPEN:
        raise Conflict(f"Rule {sortition.seed_rule}: commitments are made before the pool "
                       "closes, and it has closed.")
    if sortition.parties.filter(member=member).exists():
        raise Conflict("You have committed to a value for this draw already.")
    if sortition.parties.filter(commitment=commitment).exists():
        # Two parties with one value would count it once: someone copied another's hash.
        raise Conflict("That commitment has been given already; make a new value of your own.",
                       field="commitment")
    if sortition.pool.filter(member=member).exists():
        raise Conflict(f"Rule {sortition.seed_rule}: you are in this draw's pool, so you "
                       "cannot also make its seed (a volunteer could keep back a value that "
                       "went against them).")
    if member.pk == sortition.created_by_id:
        role = SeedParty.Role.RETURNING_OFFICER
    else:
        role = SeedParty.Role.WITNESS
        _may_witness(member, sortition)
    party = SeedParty.objects.create(
        organisation=sortition.organisation, sortition=sortition, member=member, role=role,
        commitment=commitment, committed_at=clock.now(),
    )
    append_event(
        sortition.organisation, kind="sortition.committed", actor=member.name,
        data={"sortition": sortition.pk, "role": party.get_role_display(),
              "commitment": commitment, "rule": sortition.seed_rule},
    )
    return party


def _missing_commitments(sortition: Sortition) -> str:
    parties = list(sortition.parties.all())
    missing = []
    if not any(p.role == SeedParty.Role.RETURNING_OFFICER for p in parties):
        missing.append("the returning officer")
    short = sortition.witnesses - sum(p.role == SeedParty.Role.WITNESS for p in parties)
    if short > 0:
        missing.append(f"{short} more witness{'es' if short > 1 else ''}")
    return " and ".join(missing)


@acts(Route.OFFICE, power=RUN)
@transaction.atomic
def close_pool(actor: Member, *, sortition: Sortition) -> Sortition:
    require_power(sortition.organisation, actor, RUN)
    sortition = Sortition.objects.select_for_update().get(pk=sortition.pk)
    if sortition.status != Sortition.Status.POOL_OPEN:
        raise Conflict("The pool is closed already.")
    labels = pool_labels(sortition)
    if len(labels) < sortition.places:
        raise Conflict(
            f"The pool has {len(labels)} volunteers for {sortition.places} places; wait for "
            "more before closing it."
        )
    # A draw announced before commit-reveal kept its server-made seed (its hash published).
    missing = "" if sortition.seed_sha256 else _missing_commitments(sortition)
    if missing:
        raise Conflict(f"Rule {sortition.seed_rule}: the pool closes only once the returning "
                       f"officer and {sortition.witnesses} witnesses have committed to their "
                       f"values; still waiting for {missing}.")
    move(sortition, Sortition.Status.POOL_CLOSED)
    sortition.pool_sha256 = pool_digest(labels)
    sortition.closed_at = clock.now()
    sortition.reveal_by = sortition.closed_at + timedelta(hours=sortition.reveal_hours)
    sortition.save(update_fields=["status", "pool_sha256", "closed_at", "reveal_by"])
    append_event(
        sortition.organisation, kind="sortition.pool_closed", actor=actor.name,
        # The list itself is on the draw's page; the ledger keeps only its digest.
        data={"sortition": sortition.pk, "pool_size": len(labels),
              "pool_sha256": sortition.pool_sha256,
              "reveal_by": sortition.reveal_by.isoformat()},
    )
    return sortition


@acts(Route.SELF)
@transaction.atomic
def reveal_seed_value(member: Member, *, sortition: Sortition, value: str) -> SeedParty:
    """A party reveals its value after the close and before the deadline; a value that does not
    match the party's commitment is refused and nothing is stored."""
    value = value.strip().lower()
    sortition = Sortition.objects.select_for_update().get(pk=sortition.pk)
    if member.organisation_id != sortition.organisation_id:
        raise NotFound("No such draw.")
    party = sortition.parties.filter(member=member).first()
    if party is None:
        raise NotFound("You did not commit to a value for this draw.")
    if sortition.status == Sortition.Status.POOL_OPEN:
        raise Conflict(f"Rule {sortition.seed_rule}: values are revealed after the pool "
                       "closes; keep yours private until then.", field="value")
    if sortition.status != Sortition.Status.POOL_CLOSED or party.revealed_at is not None:
        raise Conflict("Your value for this draw is already settled.")
    if clock.now() > sortition.reveal_by:
        # A late reveal would let a party wait to see whether revealing or the fallback suits
        # it better; the deadline is what makes the fallback fair.
        raise Conflict(f"Rule {sortition.seed_rule}: values had to be revealed by "
                       f"{when(sortition.reveal_by)}; the fallback now stands for yours.",
                       field="value")
    if not matches(value, party.commitment):
        raise InvalidInput(f"Rule {sortition.seed_rule}: that is not the value you committed "
                           "to (its SHA-256 is not your commitment). Nothing was recorded; "
                           "reveal the value you made before the pool closed.", field="value")
    party.value = value
    party.revealed_at = clock.now()
    party.save(update_fields=["value", "revealed_at"])
    append_event(
        sortition.organisation, kind="sortition.revealed", actor=member.name,
        data={"sortition": sortition.pk, "role": party.get_role_display(),
              "commitment": party.commitment, "value": value},
    )
    return party


@acts(Route.OFFICE, Route.SCHEDULE, power=RUN)
@transaction.atomic
def draw(actor: Actor, *, sortition: Sortition) -> Sortition:
    """Make the seed from the published values (with the fallback for any party silent at the
    deadline) and draw. The returning officer may draw once all have revealed; the timetable
    draws when the deadline passes."""
    if actor.is_member:
        require_power(sortition.organisation, actor, RUN)
    sortition = Sortition.objects.select_for_update().get(pk=sortition.pk)
    if sortition.status != Sortition.Status.POOL_CLOSED:
        raise Conflict("Close the pool first: the draw uses the published, closed pool.")
    if not draw_due(sortition):
        waiting = ", ".join(p.member.name for p in
                            sortition.parties.filter(revealed_at__isnull=True)
                            .select_related("member"))
        raise Conflict(f"Rule {sortition.seed_rule}: the draw waits for every value, or for "
                       f"the deadline of {when(sortition.reveal_by)}; still to reveal: "
                       f"{waiting}.")
    labels = pool_labels(sortition)
    if pool_digest(labels) != sortition.pool_sha256:
        raise Conflict("The pool has changed since it was closed; the draw is refused.")
    parties = list(sortition.parties.select_related("member"))
    if not parties and sortition.seed_sha256:
        return _draw_announced_before_commit_reveal(actor, sortition, labels)
    for party in parties:
        if party.revealed_at is None:
            party.withheld = True
            party.save(update_fields=["withheld"])
            append_event(
                sortition.organisation, kind="sortition.fallback", actor=actor.name,
                data={"sortition": sortition.pk, "party": party.member.name,
                      "role": party.get_role_display(), "commitment": party.commitment,
                      "value": fallback(party.commitment), "rule": sortition.seed_rule},
            )
    published = [Party(p.commitment, p.value if p.revealed_at else None) for p in parties]
    seed = derive_seed(sortition.pool_sha256, published)
    result = counting.draw_sortition(labels, sortition.places, seed=seed)
    move(sortition, Sortition.Status.DRAWN)
    sortition.seed = seed
    sortition.selected = result.selected
    sortition.drawn_at = clock.now()
    sortition.save(update_fields=["status", "seed", "selected", "drawn_at"])
    append_event(
        sortition.organisation, kind="sortition.drawn", actor=actor.name,
        data={"sortition": sortition.pk, "seed": seed, "pool_sha256": sortition.pool_sha256,
              "selected": result.selected, "procedure": SEED_VERSION,
              "values": [[p.commitment, p.used] for p in
                         sorted(published, key=lambda p: p.commitment)]},
    )
    return sortition


def _draw_announced_before_commit_reveal(actor: Actor, sortition: Sortition,
                                         labels: list[str]) -> Sortition:
    """A draw announced before commit-reveal, with the server-made seed whose hash it
    published then: drawn as it was announced, so its published hash still checks."""
    result = counting.draw_sortition(labels, sortition.places, seed=sortition.seed)
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
