"""Voting: fixing the roll, casting, closing, counting and declaring."""

from __future__ import annotations

import hashlib
import secrets

from django.db import connection, transaction

from openassembly import counting
from openassembly.bodies.selectors import current_holdings_on
from openassembly.core import clock
from openassembly.core.actors import Actor, System, member_or_none
from openassembly.core.authority import Route, acts, changes_nothing
from openassembly.core.errors import Conflict, InvalidInput, NotFound, PowerDenied
from openassembly.core.ledger import append_event, commitment
from openassembly.core.powers import require_power
from openassembly.core.secrecy import rewrite_ballots
from openassembly.core.states import move
from openassembly.ledger import canonical_json
from openassembly.members import eligibility
from openassembly.members.models import Member

from .. import blt
from ..constitution import ballot_rule, referendum_outcome
from ..mail import enqueue
from ..models import Ballot, Candidacy, Participation, Poll, Referendum, RollEntry, Task
from ..receipts import ReceiptError, check_secret, new_pad, new_secret, receipt_from
from ..selectors import result_of, turnout
from .common import S, when
from .petition_ballots import _statements_for_opening, choose_against_statement, record_carried
from .scrutiny import _refuse_candidate_officer, _refuse_without_reports

RUN = "run-ballots"


@changes_nothing
def check_marks(poll: Poll, marks: list[int], *, choices: int | None = None) -> list[int]:
    """The marks as stored, or InvalidInput naming what is wrong (the form explains it first)."""
    n = poll.choices.count() if choices is None else choices
    if any(not isinstance(m, int) or isinstance(m, bool) or not 1 <= m <= n for m in marks):
        raise InvalidInput(f"A mark must be a choice numbered 1 to {n}.")
    if len(set(marks)) != len(marks):
        raise InvalidInput("A choice is marked more than once.")
    form = poll.form
    if form == Poll.Form.SINGLE and len(marks) > 1:
        raise InvalidInput("Mark one choice only.")
    if form == Poll.Form.MARKS and len(marks) > poll.seats:
        raise InvalidInput(
            f"Mark at most {poll.seats} choices: there are {poll.seats} places to fill."
        )
    return sorted(marks) if form in (Poll.Form.APPROVAL, Poll.Form.MARKS) else list(marks)


def _eligible(poll: Poll):
    # The roll is fixed from the register as it stands on the roll date, qualifying period
    # included (members/eligibility.py): a member who joined too recently is not on it.
    members = eligibility.qualified(poll.organisation, "vote", poll.roll_date)
    if poll.roll_region_id:
        members = members.filter(region_id=poll.roll_region_id)
    if poll.kind == Poll.Kind.ELECTION:
        election = poll.election
        spec = poll.organisation.constitution.election(election.key)
        if spec.electorate == "body":
            # A body electing its own officers: the roll is who holds its seats on the roll
            # date (rule 4.2 of the demo: the Organising Group elects its Chair).
            holders = current_holdings_on(election.seat_group.body, poll.roll_date)
            members = members.filter(pk__in=holders.values("member_id"))
    return members


@acts(Route.OFFICE, Route.SCHEDULE, power=RUN)
def open_voting(actor: Actor, *, poll: Poll) -> Poll:
    """Open voting at the time the timetable sets, fixing the roll from the register.

    The timetable itself (a system actor) opens only a members' ballot called by petition:
    that one opens without an officer (rule 13.5 in the demo)."""
    organisation = poll.organisation
    if actor.is_member:
        require_power(organisation, actor, RUN)
        _refuse_candidate_officer(actor, poll)
    elif not (poll.kind == Poll.Kind.REFERENDUM and poll.referendum.by_petition):
        raise InvalidInput("The timetable opens only members' ballots called by petition; "
                           "this one is opened by the returning officer.")
    now = clock.now()
    if now < poll.opens_at:
        raise Conflict(f"Under the timetable voting opens on {when(poll.opens_at)}, not before.")
    if now >= poll.closes_at:
        raise Conflict(f"Voting was due to close on {when(poll.closes_at)}; it cannot open now.")
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        no_statement: list[str] = []
        if poll.kind == Poll.Kind.REFERENDUM:
            referendum = poll.referendum
            if (referendum.by_petition and referendum.against_by == "members"
                    and now >= referendum.statements_due_at):
                choose_against_statement(System("the timetable"), referendum=referendum)
            no_statement = _statements_for_opening(referendum)
            if no_statement:
                Referendum.objects.filter(pk=referendum.pk).update(no_statement=no_statement)
        move(poll, S.OPEN)
        labels = list(poll.choices.values_list("label", flat=True))
        if len(labels) < (2 if poll.kind == Poll.Kind.REFERENDUM else 1):
            raise Conflict("There is nothing to vote on: the ballot paper has no choices.")
        if poll.kind == Poll.Kind.ELECTION and len(labels) < poll.seats:
            # The count needs at least as many candidates as places; refusing now spares
            # members a ballot that could never be counted.
            raise Conflict(
                f"Only {len(labels)} validly nominated candidate"
                f"{'' if len(labels) == 1 else 's'} for {poll.seats} places: voting cannot "
                "open, because the count needs at least as many candidates as places. Cancel "
                "this election, giving the reason, and announce it again to seek more "
                "candidates."
            )
        ids = list(_eligible(poll).order_by("pk").values_list("pk", flat=True))
        RollEntry.objects.bulk_create(
            [RollEntry(organisation=organisation, poll=poll, member_id=pk) for pk in ids],
            batch_size=2000,
        )
        poll.roll_size = len(ids)
        poll.opened_at = now
        poll.save(update_fields=["status", "roll_size", "opened_at"])
        append_event(
            organisation,
            kind="poll.opened",
            actor=actor.name,
            data={
                "poll": poll.pk,
                "kind": poll.kind,
                "title": poll.title,
                "method": poll.method,
                "seats": poll.seats,
                "choices": labels,
                "closes_at": poll.closes_at.isoformat(),
                "roll_date": poll.roll_date.isoformat(),
                "roll_size": len(ids),
                # Lets anyone later given the roll check it is the one fixed today.
                "roll": commitment(organisation, subject=f"roll:{poll.pk}", value=ids),
                "rule": poll.rule,
                **({"no_statement": no_statement} if no_statement else {}),
            },
        )
        enqueue(poll, kind=Task.Kind.BALLOT_OPEN, started_by=member_or_none(actor))
    return poll


def _mark_voted(poll: Poll, voter: Member, pad: str) -> bool:
    """Mark the voter on the register if the poll is open and they are on its roll and not
    marked yet, in one statement; returns whether they were marked.

    The statement also holds the poll open until this ballot commits, so closing waits for
    every ballot in flight: on PostgreSQL a shared row lock lets voters proceed side by side
    while the close's update of the same row queues behind them, and a ballot that waited for
    a close sees the poll closed (Django's select_for_update has no shared form); SQLite takes
    its write lock at BEGIN, one writer at a time, so the same statement needs no clause there.
    A second ballot racing the first waits for it on the unique (poll, member) key and then
    inserts nothing.
    """
    lock = " FOR SHARE OF p" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Participation._meta.db_table}"  # noqa: S608 - our tables
            " (organisation_id, poll_id, member_id, receipt_pad)"
            f" SELECT p.organisation_id, p.id, r.member_id, %s FROM {Poll._meta.db_table} p"
            f" JOIN {RollEntry._meta.db_table} r ON r.poll_id = p.id AND r.member_id = %s"
            f" WHERE p.id = %s AND p.status = %s{lock}"
            " ON CONFLICT (poll_id, member_id) DO NOTHING RETURNING id",
            [pad, voter.pk, poll.pk, S.OPEN])
        return cursor.fetchone() is not None


def _refuse_ballot(poll: Poll, voter: Member) -> None:
    """Say why a ballot marked nobody: the poll is not open, the voter is not on its roll, or
    they have voted already (asked in that order, in one read)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.status, EXISTS (SELECT 1 FROM {RollEntry._meta.db_table} r"  # noqa: S608 - our tables
            " WHERE r.poll_id = p.id AND r.member_id = %s),"
            f" EXISTS (SELECT 1 FROM {Participation._meta.db_table} m"
            f" WHERE m.poll_id = p.id AND m.member_id = %s) FROM {Poll._meta.db_table} p"
            " WHERE p.id = %s", [voter.pk, voter.pk, poll.pk])
        status, on_roll, voted = cursor.fetchone() or (None, False, False)
    if status in (S.DRAFT, S.NOMINATIONS, S.NOMINATIONS_CLOSED):
        raise Conflict(f"Voting has not opened yet; it opens on {when(poll.opens_at)}.")
    if status == S.CANCELLED:
        raise Conflict("This ballot was cancelled; no ballots can be cast. See its page for the "
                       "reason.")
    if status != S.OPEN:
        raise Conflict("Voting has closed; no more ballots can be cast.")
    if not on_roll:
        raise PowerDenied(
            "You are not on the electoral roll for this ballot: the roll was fixed from the "
            f"register on {poll.roll_date:%-d %B %Y}.",
            power="vote",
            rule=ballot_rule(poll.organisation),
        )
    if voted:
        raise Conflict("You have voted already in this ballot; your first ballot stands.")
    # Only a poll that opened between the two reads gets here; nothing was written.
    raise Conflict("Voting opened a moment ago; please cast your ballot again.")


@acts(Route.SELF)
def cast_ballot(
    voter: Member, *, poll: Poll, marks: list[int], choices: int | None = None,
    secret: str | None = None,
) -> str:
    """Record one secret ballot and mark the voter as having voted; returns the receipt code.

    The ballot row gets no reference to the voter, no time and a random key; the two rows are
    written in one transaction, so there is never a ballot without its mark or the reverse.
    ``secret`` is the voter's browser's half of the receipt (receipts.py): with it, and the
    pad kept on the mark, the browser can recompute a receipt whose response was lost.
    """
    if voter.organisation_id != poll.organisation_id:
        raise NotFound("No such ballot.")
    now = clock.now()
    if now < poll.opens_at:
        raise Conflict(f"Voting has not opened yet; it opens on {when(poll.opens_at)}.")
    if now >= poll.closes_at:
        raise Conflict(f"Voting closed on {when(poll.closes_at)}; no more ballots can be cast.")
    marks = check_marks(poll, marks, choices=choices)
    try:
        secret = new_secret() if not secret else check_secret(secret)
    except ReceiptError as error:
        raise InvalidInput(str(error)) from None
    pad = new_pad()
    receipt = receipt_from(secret, pad)
    with transaction.atomic():
        if not _mark_voted(poll, voter, pad):
            _refuse_ballot(poll, voter)
        Ballot.objects.create(
            organisation_id=poll.organisation_id, poll=poll, receipt=receipt, marks=marks
        )
    return receipt


@acts(Route.OFFICE, Route.SCHEDULE, power=RUN)
def close_voting(actor: Actor, *, poll: Poll) -> Poll:
    """Close voting once the timetable allows, and publish the anonymised ballots.

    Before publishing, the poll's ballot rows are rewritten in a random order with fresh keys,
    and the table is vacuumed after the commit (core/secrecy.py): storage order, PostgreSQL's
    transaction ids and dead row versions would otherwise echo the order of voting (see the
    threat model for what remains).
    """
    organisation = poll.organisation
    if actor.is_member:
        require_power(organisation, actor, RUN)
        _refuse_candidate_officer(actor, poll)
    if clock.now() < poll.closes_at:
        raise Conflict(f"Under the timetable voting closes on {when(poll.closes_at)}, not before.")
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        move(poll, S.CLOSED)
        contents = rewrite_ballots(
            Ballot.objects.filter(poll=poll), fields=("receipt", "marks"),
            make=lambda row: Ballot(organisation=organisation, poll=poll, **row),
        )
        rows = [(c["receipt"], c["marks"]) for c in contents]
        voters = Participation.objects.filter(poll=poll).count()
        labels = list(poll.choices.order_by("position").values_list("label", flat=True))
        withdrawn = list(
            poll.choices.filter(candidacy__status=Candidacy.Status.WITHDRAWN)
            .order_by("position")
            .values_list("position", flat=True)
        )
        poll.seed = secrets.token_hex(8)
        poll.blt = blt.build(
            title=poll.title,
            labels=labels,
            seats=poll.seats,
            method=poll.method,
            equal_marks=poll.form == Poll.Form.APPROVAL,
            seed=poll.seed,
            rows=rows,
            withdrawn=withdrawn,
        )
        poll.blt_sha256 = hashlib.sha256(poll.blt.encode()).hexdigest()
        poll.ballots_count = len(rows)
        poll.voters_count = voters
        poll.empty_count = sum(1 for _, m in rows if not m)
        poll.closed_at = clock.now()
        poll.save()
        append_event(
            organisation,
            kind="poll.closed",
            actor=actor.name,
            data={
                "poll": poll.pk,
                "title": poll.title,
                "roll_size": poll.roll_size,
                "voters": voters,
                "ballots": len(rows),
                "empty": poll.empty_count,
                "ballots_sha256": poll.blt_sha256,
                "seed": poll.seed,
                "withdrawn": [labels[p - 1] for p in withdrawn],
            },
        )
    return poll


@acts(Route.OFFICE, Route.SCHEDULE, power=RUN)
def count_poll(actor: Actor, *, poll: Poll) -> Poll:
    organisation = poll.organisation
    if actor.is_member:
        require_power(organisation, actor, RUN)
        _refuse_candidate_officer(actor, poll)
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        move(poll, S.COUNTED)
        result = result_of(poll)
        poll.result = result.to_dict()
        poll.result_text = counting.render_text(result)
        poll.result_svg = counting.render_svg(result)
        poll.invalid_count = result.invalid
        poll.outcome = _outcome(poll, result)
        poll.counted_at = clock.now()
        poll.save()
        append_event(
            organisation,
            kind="poll.counted",
            actor=actor.name,
            data={
                "poll": poll.pk,
                "method": poll.method,
                "seats": poll.seats,
                "ballots_sha256": poll.blt_sha256,
                "seed": poll.seed,
                "result_sha256": _digest(poll.result),
                "elected": result.elected,
            },
        )
    return poll


def _digest(data) -> str:
    """SHA-256 of the ledger's canonical JSON of ``data``, so anyone can recompute it."""
    return hashlib.sha256(canonical_json(data)).hexdigest()


def _outcome(poll: Poll, result: counting.Result) -> dict:
    outcome = {"elected": result.elected, "turnout": turnout(poll)}
    if poll.kind == Poll.Kind.REFERENDUM:
        outcome.update(referendum_outcome(poll, result))
    return outcome


@acts(Route.OFFICE, Route.SCHEDULE, power=RUN)
def declare_result(actor: Actor, *, poll: Poll) -> Poll:
    """Declare the counted result: on the record, on the ledger, and its consequences."""
    organisation = poll.organisation
    if actor.is_member:
        require_power(organisation, actor, RUN)
        _refuse_candidate_officer(actor, poll)
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        _refuse_without_reports(poll)
        move(poll, S.DECLARED)
        poll.declared_at = clock.now()
        # Saved first: what rests on the result (a decision of the members, a new version of
        # the constitution) resolves it from the record, which must say it is declared.
        poll.save(update_fields=["status", "declared_at"])
        consequences: list[str] = []
        if poll.kind == Poll.Kind.ELECTION:
            from .elections import seat_the_elected

            consequences = seat_the_elected(actor, election=poll.election)
        else:
            from .referendums import carry_out

            referendum = poll.referendum
            consequences = carry_out(actor, referendum=referendum)
            consequences += record_carried(actor, referendum=referendum, done=consequences)
        poll.outcome = {**poll.outcome, "consequences": consequences}
        poll.save(update_fields=["status", "declared_at", "outcome"])
        append_event(
            organisation,
            kind="poll.declared",
            actor=actor.name,
            data={
                "poll": poll.pk,
                "kind": poll.kind,
                "title": poll.title,
                "method": poll.method,
                "elected": poll.outcome.get("elected", []),
                "carried": poll.outcome.get("carried"),
                "votes": poll.outcome.get("votes"),
                "roll_size": poll.roll_size,
                "voters": poll.voters_count,
                "ballots": poll.ballots_count,
                "empty": poll.empty_count,
                "invalid": poll.invalid_count,
                "seed": poll.seed,
                "ballots_sha256": poll.blt_sha256,
                "result_sha256": _digest(poll.result),
                "consequences": consequences,
            },
        )
        enqueue(poll, kind=Task.Kind.RESULT, started_by=member_or_none(actor))
    return poll


@acts(Route.OFFICE, Route.SCHEDULE, power=RUN)
def send_reminder(actor: Actor, *, poll: Poll) -> Task:
    """Remind the members on the roll who have not voted; nobody learns anything of others."""
    if actor.is_member:
        require_power(poll.organisation, actor, RUN)
    if poll.status != S.OPEN:
        raise Conflict("Reminders go out only while voting is open.")
    with transaction.atomic():
        Poll.objects.filter(pk=poll.pk).update(reminded_at=clock.now())
        return enqueue(poll, kind=Task.Kind.REMINDER, started_by=member_or_none(actor))


