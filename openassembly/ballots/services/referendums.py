"""Members' ballots: the question, a statement from each side, quorum and majority."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction

from openassembly.bodies.models import SeatHolding
from openassembly.bodies.services import end_term
from openassembly.core import clock
from openassembly.core.actors import Actor
from openassembly.core.authority import (
    Authority,
    AuthorityRefused,
    Route,
    acts,
    changes_nothing,
    resolve,
)
from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.core.ledger import append_event
from openassembly.core.models import Organisation
from openassembly.core.powers import require_power
from openassembly.core.text import plain_name, plain_text
from openassembly.counting.blt import ballot_label
from openassembly.members.models import Member

from ..constitution import (
    all_members_body,
    petition_rule,
    referendum_majority,
    statements_rule,
)
from ..models import Choice, Poll, Referendum, Statement
from ..selectors import missing_sides
from .common import S, refuse_if_cancelled, require_active

RUN = "run-ballots"


def _timetable(opens_at: datetime, closes_at: datetime, roll_date: date) -> None:
    if not opens_at < closes_at:
        raise InvalidInput("Voting must close after it opens.")
    if roll_date > opens_at.date():
        raise InvalidInput("The roll date must fall on or before the day voting opens.")


@acts(Route.OFFICE, power=RUN)
def create_referendum(
    actor: Member,
    *,
    organisation: Organisation,
    question: str,
    proposal: str,
    options: list[str] | None = None,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    roll_date: date | None = None,
    recall_holding: SeatHolding | None = None,
) -> Referendum:
    """Draft a members' ballot as returning officer. (A petition that reaches its threshold
    drafts its own, on the constitution's timetable: services/petition_ballots.py.)

    Without a timetable, voting is proposed to open after the all-members body's notice
    period and to run for as long again; the returning officer can change it while in draft.
    """
    if not actor.is_member:
        # The system drafts a members' ballot only on a petition's authority, elsewhere.
        raise AuthorityRefused("Only a returning officer, or a successful petition, drafts a "
                               "members' ballot.")
    require_power(organisation, actor, RUN)
    return _draft(organisation, actor_name=actor.name, created_by=actor, question=question,
                  proposal=proposal, options=options, opens_at=opens_at, closes_at=closes_at,
                  roll_date=roll_date, recall_holding=recall_holding)


def _draft(
    organisation: Organisation,
    *,
    actor_name: str,
    created_by: Member,
    question: str,
    proposal: str,
    title: str = "",
    options: list[str] | None = None,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    roll_date: date | None = None,
    recall_holding: SeatHolding | None = None,
    petition=None,
    authority: Authority | None = None,
    **extra,
) -> Referendum:
    """Write a drafted members' ballot, whoever drafts it (the callers check who may)."""
    body = all_members_body(organisation)
    options = [plain_name(o, what="option", field="options") for o in (options or ["Yes", "No"])]
    options = [ballot_label(o) for o in options if o]
    # A petition's question is its text, which may run to several lines; only the title,
    # which goes into the published ballot file's header, must be one plain line.
    question = plain_text(question, what="question", field="question")
    if len(options) < 2 or len(set(options)) != len(options):
        raise InvalidInput("A members' ballot needs at least two different options.")
    if not question.strip():
        raise InvalidInput("A members' ballot needs a question.")
    now = clock.now()
    notice = timedelta(days=max(body.notice_days, 1))
    opens_at = opens_at or now + notice
    closes_at = closes_at or opens_at + notice
    roll_date = roll_date or opens_at.date()
    _timetable(opens_at, closes_at, roll_date)
    majority = referendum_majority(organisation)
    title = plain_name(title or question.split("\n", 1)[0], what="title", field="title")[:200]
    with transaction.atomic():
        poll = Poll.objects.create(
            organisation=organisation, kind=Poll.Kind.REFERENDUM, title=title,
            rule=majority.rule, method="fptp", seats=1, opens_at=opens_at, closes_at=closes_at,
            roll_date=roll_date, created_by=created_by, created_at=now,
        )
        Choice.objects.bulk_create(
            Choice(organisation=organisation, poll=poll, position=i, label=label)
            for i, label in enumerate(options, start=1)
        )
        referendum = Referendum.objects.create(
            organisation=organisation, poll=poll, question=question.strip(),
            proposal=proposal.strip(), recall_holding=recall_holding, petition=petition,
            **extra,
        )
        append_event(
            organisation, kind="referendum.drafted", actor=actor_name,
            data={"poll": poll.pk, "question": poll.title, "options": options,
                  "opens_at": opens_at.isoformat(), "closes_at": closes_at.isoformat(),
                  "rule": majority.rule},
            authority=authority,
        )
    return referendum


@acts(Route.OFFICE, power=RUN)
def schedule(actor: Member, *, referendum: Referendum, opens_at: datetime, closes_at: datetime,
             roll_date: date) -> Referendum:
    poll = referendum.poll
    require_power(poll.organisation, actor, RUN)
    refuse_if_cancelled(poll)
    if referendum.by_petition:
        # Otherwise an officer could push a ballot the members forced into next year.
        raise AuthorityRefused(
            f"Rule {petition_rule(referendum)}: a members' ballot called by petition runs on "
            "the timetable the constitution sets; no officer can change it.",
            rule=petition_rule(referendum))
    if poll.status != S.DRAFT:
        raise Conflict("The timetable can change only while the members' ballot is in draft.")
    _timetable(opens_at, closes_at, roll_date)
    with transaction.atomic():
        poll.opens_at, poll.closes_at, poll.roll_date = opens_at, closes_at, roll_date
        poll.save(update_fields=["opens_at", "closes_at", "roll_date"])
        append_event(
            poll.organisation, kind="referendum.scheduled", actor=actor.name,
            data={"poll": poll.pk, "opens_at": opens_at.isoformat(),
                  "closes_at": closes_at.isoformat(), "roll_date": roll_date.isoformat()},
        )
    return referendum


@acts(Route.SELF)
def write_statement(author: Member, *, referendum: Referendum, side: str, text: str) -> Statement:
    """Attach the statement for one side; its author may revise it until voting opens.

    On a ballot called by petition only the statement for is written this way, and only by
    the petition's proposer; the statement against is chosen as the constitution says
    (services/petition_ballots.py)."""
    require_active(author, "write a statement")
    if author.organisation_id != referendum.organisation_id:
        raise PowerDenied("Only members can write a statement.", power="member")
    refuse_if_cancelled(referendum.poll)
    if referendum.poll.status != S.DRAFT:
        raise Conflict("Statements are fixed once voting opens.")
    if side not in Statement.Side.values:
        raise InvalidInput("A statement is either for or against.")
    chosen_by = ""
    if referendum.by_petition:
        rule = petition_rule(referendum)
        if side == Statement.Side.AGAINST:
            constitution = referendum.organisation.constitution
            how = (f"by a decision of the {constitution.body(referendum.against_body).name}"
                   if referendum.against_by == "body" else
                   "by members: offer a statement against or co-sign one, and the one with "
                   "most co-signers when statements are due is chosen")
            raise PowerDenied(f"Rule {rule}: the statement against is chosen {how}; the first "
                              "member to ask does not get it.", power="statement", rule=rule)
        proposer = referendum.petition.created_by
        if author.pk != proposer.pk:
            raise PowerDenied(f"Rule {rule}: the statement for is written by the petition's "
                              f"proposer, {proposer.name}.", power="statement", rule=rule)
        chosen_by = "the petition's proposer"
    text = text.strip()
    if not text:
        raise InvalidInput("The statement is empty.")
    existing = Statement.objects.filter(referendum=referendum, side=side).first()
    if existing is not None and existing.author_id != author.pk:
        raise Conflict(
            f"The statement {side} is already written, by {existing.author.name}; only they can "
            "revise it."
        )
    other = Statement.objects.filter(referendum=referendum, author=author).exclude(side=side)
    if other.exists():
        raise Conflict(
            f"Rule {statements_rule(referendum.organisation)}: each side writes its own "
            "statement, and you have written the other side's."
        )
    try:
        with transaction.atomic():
            statement, _ = Statement.objects.update_or_create(
                referendum=referendum, side=side,
                defaults={"organisation": referendum.organisation, "author": author,
                          "text": text, "written_at": clock.now(), "chosen_by": chosen_by},
            )
            append_event(
                referendum.organisation, kind="referendum.statement", actor=author.name,
                data={"poll": referendum.poll_id, "side": side, "author": author.name},
            )
    except IntegrityError:
        raise Conflict("Someone attached that side's statement a moment ago.") from None
    return statement


@changes_nothing
def check_both_sides(referendum: Referendum) -> None:
    missing = missing_sides(referendum)
    if missing:
        raise Conflict(
            f"Rule {statements_rule(referendum.organisation)}: a members' ballot cannot open "
            f"until a statement for and a statement against are attached; the statement "
            f"{' and the statement '.join(missing)} {'is' if len(missing) == 1 else 'are'} "
            "missing."
        )


@acts(Route.BALLOT, Route.SCHEDULE)
def carry_out(actor: Actor, *, referendum: Referendum) -> list[str]:
    """What a declared members' ballot does: a carried recall ends the holder's term."""
    poll = referendum.poll
    holding = referendum.recall_holding
    if holding is None:
        return []
    if not poll.outcome.get("carried"):
        return [f"{holding.member.name} remains in office: the recall was not carried."]
    today = clock.today()
    if holding.ends_on is not None and holding.ends_on <= today:
        return [f"{holding.member.name}'s term had already ended."]
    # The seat is vacated by bodies' own route for removals, on the carried ballot's authority,
    # which end_term checks names this holder and has not been used before.
    end_term(actor, organisation=poll.organisation, holding=holding,
             reason=f"recalled: {poll.title}",
             authority=resolve(poll.organisation, Route.BALLOT, poll.pk))
    group = holding.seat_group
    return [f"{holding.member.name} is recalled from {group}; the seat is vacant."]
