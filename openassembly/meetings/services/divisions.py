"""Divisions: the chair opens a vote, members vote from their phones, the chair closes it.

Concurrency: a vote takes a shared ("key share") lock on the division row before it reads the
division's status, and closing takes an exclusive lock. So voters never wait for each other,
closing waits for votes already in flight, and a vote that arrives after the close sees the
division closed and is refused, losing nothing else. Double votes are stopped by flipping the
roll's ``voted`` flag with a conditional UPDATE (row-locked per elector) and, for named votes,
by a unique constraint as well.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Max

from openassembly.core import clock, states
from openassembly.core.authority import Route, acts
from openassembly.core.errors import Conflict, InvalidInput, NotFound, PowerDenied
from openassembly.core.ledger import append_event
from openassembly.core.secrecy import rewrite_ballots
from openassembly.members.models import Member
from openassembly.rules.model import Majority
from openassembly.rules.questions import quorate

from .. import constitution, tally
from ..models import (
    Attendance,
    Division,
    Elector,
    Meeting,
    Motion,
    Proxy,
    SecretBallot,
    Vote,
    Withholding,
)
from ._common import locked, require_chair, require_status
from .outcomes import apply_outcome

Kind, Status, Method = Motion.Kind, Motion.Status, Division.Method
CHOICES = Vote.Choice.values
# What a vote reads of its division under the lock (see _lock_shared), in the model's order
# of fields, which Model.from_db expects.
VOTE_FIELDS = tuple(
    f.attname for f in Division._meta.concrete_fields
    if f.attname in {"id", "organisation_id", "meeting_id", "number", "status", "method",
                     "proxy_split", "proxy_rule"}
)


def _secret_rule(motion: Motion) -> str:
    decision = constitution.decision_kind(motion.meeting.body, motion.decision_key)
    if decision is not None and decision.secret and motion.kind == Kind.SUBSTANTIVE:
        return decision.secret_rule or ""
    return ""


def _check_order(motion: Motion) -> None:
    """Amendments (and a reference back) are decided before the motion, in order."""
    if motion.status == Status.MOVED and motion.kind in (
        Kind.SUBSTANTIVE, Kind.AMENDMENT, Kind.REFERENCE_BACK
    ):
        raise Conflict(f"{motion} has not been seconded, so it cannot be put to the vote.")
    if motion.status != Status.SECONDED and motion.status != Status.MOVED:
        raise Conflict(f"{motion} is {motion.get_status_display()}; it cannot be voted on.")
    waiting = (Status.MOVED, Status.SECONDED, Status.VOTING)
    if motion.kind == Kind.SUBSTANTIVE:
        first = motion.children.filter(status__in=waiting).order_by("kind", "position").first()
        if first is not None:
            raise Conflict(f"{first} must be decided first: amendments are taken before the "
                           "motion they amend.")
    elif motion.kind == Kind.AMENDMENT:
        siblings = motion.parent.children.filter(status__in=waiting).exclude(pk=motion.pk)
        back = siblings.filter(kind=Kind.REFERENCE_BACK).first()
        if back is not None:
            raise Conflict(f"{back} must be decided first.")
        earlier = siblings.filter(kind=Kind.AMENDMENT, position__lt=motion.position).first()
        if earlier is not None:
            raise Conflict(f"{earlier} must be decided first: amendments are taken in order.")


def _method(motion: Motion, method: str, secret_rule: str) -> str:
    if method not in Method.values:
        raise InvalidInput(f"'{method}' is not a way of voting: named, hands, secret or card.")
    rules = constitution.spec(motion.meeting.body)
    if secret_rule and method != Method.SECRET:
        raise PowerDenied(f"Rule {secret_rule} requires a secret ballot on this motion.",
                          power="open-division", rule=secret_rule)
    if method == Method.SECRET and not secret_rule:
        raise InvalidInput("Votes are open unless a rule of the constitution requires a secret "
                           "ballot, and none does for this motion.")
    if method == Method.CARD and not rules.sections:
        raise InvalidInput(f"The {motion.meeting.body.name} has no sections with weighted votes, "
                           "so there are no card votes.")
    return method


def _roll(meeting: Meeting) -> tuple[list[tuple[int, int, str]], int]:
    """(member, caster, section) for everyone who may vote now, and how many are present."""
    voters = constitution.voting_members(meeting.body)
    present = set(
        Attendance.objects.filter(meeting=meeting, role=Attendance.Role.MEMBER)
        .exclude(mode=Attendance.Mode.APOLOGIES).values_list("member_id", flat=True)
    )
    present &= voters.keys()
    roll = [(m, m, voters[m]) for m in sorted(present)]
    for appointer, holder in Proxy.objects.filter(meeting=meeting).values_list(
        "appointer_id", "holder_id"
    ):
        if appointer in voters and appointer not in present and holder in present:
            roll.append((appointer, holder, voters[appointer]))
    return roll, len(present)


@acts(Route.OFFICE, power="chair-meeting")
def open_division(actor: Member, *, motion: Motion, method: str = Method.NAMED) -> Division:
    """The chair puts a motion to the vote, after checking the meeting is quorate."""
    meeting = motion.meeting
    require_chair(actor, meeting, "open a vote")
    require_status(meeting, Meeting.Status.OPEN, doing="open a vote")
    secret_rule = _secret_rule(motion)
    method = _method(motion, method, secret_rule)
    with transaction.atomic():
        meeting = locked(meeting)
        motion = Motion.objects.select_for_update().get(pk=motion.pk)
        _check_order(motion)
        if meeting.divisions.filter(status=Division.Status.OPEN).exists():
            raise Conflict("Another vote is open; close it first.")
        rules = constitution.spec(meeting.body)
        roll, present = _roll(meeting)
        filled = constitution.seats_filled(meeting.body)
        quorum = quorate(rules, present=present, seats_filled=filled)
        if not quorum.ok:
            raise Conflict(f"No vote can be taken: {quorum.reason}")
        majority = constitution.majority_for(motion)
        number = (meeting.divisions.aggregate(n=Max("number"))["n"] or 0) + 1
        division = Division.objects.create(
            organisation=meeting.organisation, meeting=meeting, motion=motion, number=number,
            method=method, opened_by=actor, opened_at=clock.now(), present=present,
            seats_filled=filled, quorum_rule=quorum.rule, quorum_reason=quorum.reason,
            eligible=len(roll), secret_rule=secret_rule, majority_kind=majority.kind,
            majority_rule=majority.rule,
            proxy_rule=rules.proxies.rule if rules.proxies else "",
            proxy_split=bool(rules.proxies and rules.proxies.split),
        )
        if method != Method.HANDS:
            Elector.objects.bulk_create(
                Elector(division=division, member_id=m, caster_id=c, section=s)
                for m, c, s in roll
            )
        states.move(motion, Status.VOTING)
        motion.save(update_fields=["status"])
        if method == Method.SECRET:
            Withholding.objects.create(
                organisation=meeting.organisation, kind=Withholding.Kind.SECRET_DIVISION,
                meeting=meeting, division=division,
                description=f"How each member voted in division {number} ({motion.title}); "
                            "who voted and the totals are public",
                ground="a secret ballot required by the constitution", rule=secret_rule,
                decided_by="the constitution", decided_at=clock.now(),
            )
        append_event(meeting.organisation, kind="division.opened", actor=actor.name, data={
            "meeting": meeting.pk, "division": number, "motion": motion.pk,
            "title": motion.title, "method": method, "eligible": len(roll),
            "quorum": quorum.reason, "majority_rule": majority.rule,
        })
    return division


def _lock_shared(actor: Member, pk: int) -> Division:
    """The division a vote is for, read under a lock that voters share and closing excludes,
    and only if it belongs to the voter's organisation (another's looks like none at all).

    PostgreSQL's KEY SHARE lets voters pass one another while closing's row lock waits for them
    (Django's select_for_update has no shared form); SQLite's transactions take the database's
    write lock at BEGIN, which is stronger, so there the same read needs no clause. Only what a
    vote needs is read; any other field loads on first use, as a deferred field does."""
    lock = " FOR KEY SHARE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(VOTE_FIELDS)} FROM {Division._meta.db_table}"  # noqa: S608 - ours
            f" WHERE id = %s AND organisation_id = %s{lock}", [pk, actor.organisation_id])
        row = cursor.fetchone()
    if row is None:
        raise NotFound("No such division.")
    return Division.from_db(connection.alias, VOTE_FIELDS, row)


def _refuse_elector(actor: Member, division: Division, member: Member) -> None:
    meeting = division.meeting
    if member.pk != actor.pk:
        rule = constitution.spec(meeting.body).proxies
        raise PowerDenied(
            f"You cannot vote on {member.name}'s behalf: you do not hold their proxy for this "
            "meeting.", power="vote", rule=rule.rule if rule else "",
        )
    own = Elector.objects.filter(division=division, member=actor).first()
    if own is not None:
        raise PowerDenied(
            f"You appointed {own.caster.name} as your proxy for this meeting, so they cast your "
            "vote.", power="vote",
        )
    if not constitution.is_voting_member(meeting.body, actor):
        raise PowerDenied(
            f"You are not a member of the {meeting.body.name}, so you cannot vote in its "
            f"divisions (rule {meeting.body.rule} says who its members are).",
            power="vote", rule=meeting.body.rule,
        )
    raise PowerDenied(
        "You were not signed in to the meeting when this vote opened, so you are not on its "
        "roll.", power="vote",
    )


@acts(Route.SELF)
def cast_vote(actor: Member, *, division: Division | int, choice: str,
              for_member: Member | None = None) -> int:
    """Vote in an open division; returns how many votes were recorded (proxies included).

    ``division`` is the division or its id: either way it is read afresh, under the vote's own
    lock and scoped to the voter's organisation, so a door need not look it up first. Where
    the constitution does not let proxies split their votes, your own vote casts the votes you
    hold as proxy the same way; where it does, cast each with ``for_member``.
    """
    if choice not in CHOICES:
        raise InvalidInput(f"'{choice}' is not a vote: choose for, against or abstain.")
    pk = division.pk if isinstance(division, Division) else division
    try:
        with transaction.atomic():
            electors = _record_vote(actor, pk=pk, member=for_member or actor, choice=choice)
    except IntegrityError:
        # The roll's flag makes this unreachable; the unique constraint is the last guard.
        raise Conflict("You have voted in this division already; your first vote stands.") \
            from None
    return len(electors)


def _refuse_proxy(division: Division, member: Member) -> None:
    """Refuse a vote cast for someone else where the constitution does not let proxies split."""
    if division.proxy_rule:
        raise PowerDenied(
            f"Rule {division.proxy_rule}: a proxy casts the vote they hold the same way as "
            "their own, and it was cast with yours.", power="vote", rule=division.proxy_rule,
        )
    body = division.meeting.body
    raise PowerDenied(
        f"You cannot vote on {member.name}'s behalf: the constitution allows no proxy votes "
        f"at meetings of the {body.name}.", power="vote", rule=body.rule,
    )


def _claim(division: Division, *, actor: Member, member: Member) -> list[Elector]:
    """Flip ``voted`` on the roll entries this vote casts, returning them; [] if none were free.

    One conditional UPDATE: a second vote from the same person waits for the first's row locks
    and then finds nothing left to flip.
    """
    where, params = "caster_id = %s", [actor.pk]
    if member.pk != actor.pk or division.proxy_split:
        where, params = "member_id = %s AND caster_id = %s", [member.pk, actor.pk]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Elector._meta.db_table} SET voted = %s "  # noqa: S608 - our table name
            f"WHERE division_id = %s AND {where} AND voted = %s "
            "RETURNING id, member_id, caster_id, section",
            [True, division.pk, *params, False],
        )
        rows = cursor.fetchall()
    return [Elector(id=r[0], division_id=division.pk, member_id=r[1], caster_id=r[2],
                    section=r[3], voted=True) for r in rows]


def _record_vote(actor: Member, *, pk: int, member: Member, choice: str) -> list[Elector]:
    division = _lock_shared(actor, pk)
    if division.method == Method.HANDS:
        raise InvalidInput("This is a show of hands; the chair records the count.")
    if member.pk != actor.pk and not division.proxy_split:
        _refuse_proxy(division, member)
    if division.status != Division.Status.OPEN:
        raise Conflict("This vote has closed; yours was not counted. Everything recorded "
                       "before the close stands.")
    electors = _claim(division, actor=actor, member=member)
    if not electors:
        mine = Elector.objects.filter(division=division)
        mine = (mine.filter(caster=actor) if member.pk == actor.pk and not division.proxy_split
                else mine.filter(member=member, caster=actor))
        if mine.exists():
            raise Conflict("You have voted in this division already; your first vote stands.")
        _refuse_elector(actor, division, member)
    if division.method == Method.SECRET:
        # No ledger event per voter, which would tie a time to each ballot: the roll's flag
        # and the totals at the close are the record (see docs/threat-model.md).
        SecretBallot.objects.bulk_create(
            SecretBallot(division_id=division.pk, choice=choice, section=e.section)
            for e in electors
        )
        return electors
    now = clock.now()
    Vote.objects.bulk_create(
        Vote(division_id=division.pk, member_id=e.member_id, cast_by=actor, choice=choice,
             section=e.section, cast_at=now)
        for e in electors
    )
    proxied = [e.member_id for e in electors if e.by_proxy]
    names = (list(Member.objects.filter(pk__in=proxied).values_list("name", flat=True))
             if proxied else [])
    # The voter's organisation, as the door loaded it: the division was read within it.
    append_event(actor.organisation, kind="division.vote", actor=actor.name, data={
        "meeting": division.meeting_id, "division": division.number, "choice": choice,
        "for": names})
    return electors


def _counts(division: Division) -> tally.Counts:
    model = SecretBallot if division.method == Method.SECRET else Vote
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    rows = model.objects.filter(division=division).values("section", "choice").annotate(
        n=Count("pk")
    )
    for row in rows:
        counts[row["section"]][CHOICES.index(row["choice"])] += row["n"]
    return {k: (v[0], v[1], v[2]) for k, v in counts.items()}


def _decide(division: Division, counts: tally.Counts) -> tally.Result:
    rules = constitution.spec(division.meeting.body)
    weighted = division.method == Method.CARD or (
        division.method == Method.SECRET and bool(rules.sections)
    )
    return tally.count(
        counts,
        majority=Majority(kind=division.majority_kind, rule=division.majority_rule),
        seats_filled=division.seats_filled,
        body=rules if weighted else None,
    )


@acts(Route.SCHEDULE)
def store_result(division: Division, result: tally.Result) -> None:
    division.votes_for, division.against, division.abstain = (
        result.votes_for, result.against, result.abstain)
    division.headcount_reason = result.headcount.reason
    division.result_reason = result.answer.reason
    division.carried = result.carried
    if result.weighted is not None:
        division.weighted_for, division.weighted_against, division.weighted_abstain = (
            str(v) for v in result.weighted)
        division.sections = [
            {"key": s.key, "name": s.name, "weight_percent": s.weight_percent,
             "for": s.votes_for, "against": s.against, "abstain": s.abstain,
             "weighted": [str(v) for v in s.weighted]}
            for s in result.sections
        ]


def _close(actor: Member, division: Division, counts: tally.Counts) -> Division:
    result = _decide(division, counts)
    store_result(division, result)
    states.move(division, Division.Status.CLOSED)
    division.closed_by, division.closed_at = actor, clock.now()
    division.save()
    motion = Motion.objects.select_for_update().get(pk=division.motion_id)
    apply_outcome(motion, division, carried=result.carried)
    private = motion.item.is_private and not motion.item.private_outcome_public
    append_event(division.organisation, kind="division.closed", actor=actor.name, data={
        "meeting": division.meeting_id, "division": division.number, "motion": motion.pk,
        "method": division.method,
        **({"withheld": True} if private else {
            "for": division.votes_for, "against": division.against,
            "abstain": division.abstain, "weighted": [division.weighted_for,
                                                      division.weighted_against,
                                                      division.weighted_abstain]
            if division.weighted_for else None,
            "carried": division.carried, "rule": division.majority_rule,
            "reason": division.result_reason,
        }),
    })
    return division


def _locked_open(division: Division) -> Division:
    division = Division.objects.select_for_update(of=("self",)).select_related(
        "meeting__body", "meeting__organisation").get(pk=division.pk)
    if division.status != Division.Status.OPEN:
        raise Conflict("This vote is closed already.")
    return division


def _rewrite_secret_ballots(division: Division) -> None:
    """Rewrite a secret division's ballots in a random order, with fresh keys, under the
    close's lock, and vacuum the table once the close commits (core/secrecy.py says why)."""
    rewrite_ballots(
        SecretBallot.objects.filter(division=division), fields=("choice", "section"),
        make=lambda row: SecretBallot(division_id=division.pk, **row),
    )


@acts(Route.OFFICE, power="chair-meeting")
def close_division(actor: Member, *, division: Division,
                   not_voted_confirmed: int | None = None) -> Division:
    """Close the vote and record the result, with the rule that decided it.

    A door where the chair clicks (the pages) passes ``not_voted_confirmed``: how many were
    still to vote when the chair confirmed closing early. If more have not voted than that
    (the chair did not confirm, or confirmed before the roll was read), the vote stays open
    and the refusal says how many would lose their vote.

    A secret division's ballots are then rewritten in a random order (see
    _rewrite_secret_ballots), so the live tables no longer link a ballot to its voter.
    """
    require_chair(actor, division.meeting, "close a vote")
    if division.method == Method.HANDS:
        raise InvalidInput("A show of hands is closed by recording the count.")
    with transaction.atomic():
        division = _locked_open(division)
        if not_voted_confirmed is not None:
            waiting = Elector.objects.filter(division=division, voted=False).count()
            if waiting > not_voted_confirmed:
                raise Conflict(
                    f"{waiting} of the {division.eligible} on the roll of division "
                    f"{division.number} have not voted yet. Closing now ends their chance to "
                    "vote: confirm that you mean to close it early.", field="confirm")
        closed = _close(actor, division, _counts(division))
        if closed.method == Method.SECRET:
            _rewrite_secret_ballots(closed)
        return closed


@acts(Route.OFFICE, power="chair-meeting")
def record_show_of_hands(actor: Member, *, division: Division, votes_for: int, against: int,
                         abstain: int) -> Division:
    """The chair records a show of hands: totals only, but still on the record."""
    require_chair(actor, division.meeting, "record a show of hands")
    if division.method != Method.HANDS:
        raise InvalidInput("Only a show of hands is recorded by its totals.")
    numbers = (votes_for, against, abstain)
    if any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in numbers):
        raise InvalidInput("The counts must be whole numbers, 0 or more.")
    with transaction.atomic():
        division = _locked_open(division)
        present = division.present + Proxy.objects.filter(meeting=division.meeting).count()
        if sum(numbers) > present:
            raise InvalidInput(f"{sum(numbers)} hands were counted, but only {present} people "
                               "present may vote.")
        return _close(actor, division, {"": (votes_for, against, abstain)})
