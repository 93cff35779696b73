"""Elections: the timetable, nominations, slates and questionnaires, and seating the elected."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count

from openassembly.bodies.models import SeatGroup
from openassembly.bodies.selectors import current_holdings, current_holdings_on
from openassembly.bodies.services import end_term, seat_elected
from openassembly.core import clock
from openassembly.core.actors import Actor
from openassembly.core.authority import AuthorityRefused, Route, acts, resolve
from openassembly.core.errors import Conflict, InvalidInput, NotFound, PowerDenied
from openassembly.core.ledger import append_event
from openassembly.core.models import Organisation
from openassembly.core.powers import require_power
from openassembly.core.states import move, move_where
from openassembly.core.text import plain_name
from openassembly.counting.blt import ballot_label
from openassembly.members.models import Member, Region
from openassembly.rules.questions import add_months

from ..mail import enqueue
from ..models import (
    Answer,
    Candidacy,
    Choice,
    Election,
    Nomination,
    Poll,
    Question,
    Questionnaire,
    Slate,
    SlateSignature,
    Task,
)
from .common import S, refuse_if_cancelled, require_active, require_qualified, when
from .scrutiny import _refuse_candidate_officer, _refuse_returning_officer_standing

RUN = "run-ballots"


def _days(delta: timedelta) -> str:
    days = delta.total_seconds() / 86400
    whole = int(days)
    return f"{whole} day{'s' if whole != 1 else ''}" if days == whole else f"{days:.1f} days"


@acts(Route.OFFICE, power="run-ballots")
def create_election(
    actor: Member,
    *,
    organisation: Organisation,
    key: str,
    region: Region | None = None,
    nominations_open_at: datetime,
    nominations_close_at: datetime,
    opens_at: datetime,
    closes_at: datetime,
    roll_date: date,
) -> Election:
    """Announce an election the constitution provides for, with a timetable it allows."""
    require_power(organisation, actor, RUN)
    constitution = organisation.constitution
    try:
        spec = constitution.election(key)
    except KeyError:
        raise InvalidInput(f"The constitution provides for no election '{key}'.") from None
    seat = constitution.body(spec.body).seat(spec.seat)
    if spec.electorate == "region":
        if region is None or region.organisation_id != organisation.pk:
            raise InvalidInput(f"Say which region's {seat.name.lower()} this election is for.")
        label = region.name
    else:
        # A seat filled as one group has an empty label (see bodies.apply_constitution).
        region, label = None, ""
    group = SeatGroup.objects.filter(
        organisation=organisation, body__key=spec.body, seat_key=spec.seat, label=label,
        active=True,
    ).first()
    if group is None:
        raise InvalidInput(f"There is no seat '{label or seat.name}' on the {spec.body} to elect.")
    rule = spec.procedure
    if not nominations_open_at < nominations_close_at <= opens_at < closes_at:
        raise InvalidInput(
            "The timetable must run in order: nominations open, nominations close, voting "
            "opens, voting closes."
        )
    if nominations_close_at - nominations_open_at < timedelta(days=spec.nomination_days):
        raise InvalidInput(
            f"Rule {rule} requires nominations to stay open for at least "
            f"{spec.nomination_days} days; this timetable gives "
            f"{_days(nominations_close_at - nominations_open_at)}."
        )
    if closes_at - opens_at < timedelta(days=spec.voting_days):
        raise InvalidInput(
            f"Rule {rule} requires voting to stay open for at least {spec.voting_days} days; "
            f"this timetable gives {_days(closes_at - opens_at)}."
        )
    if roll_date > opens_at.date():
        raise InvalidInput("The roll date must fall on or before the day voting opens.")
    title = spec.name if region is None else f"{spec.name}: {region.name}"
    with transaction.atomic():
        poll = Poll.objects.create(
            organisation=organisation,
            kind=Poll.Kind.ELECTION,
            title=title,
            rule=spec.rule,
            method=spec.method,
            seats=group.places,
            opens_at=opens_at,
            closes_at=closes_at,
            roll_date=roll_date,
            roll_region=region,
            created_by=actor,
            created_at=clock.now(),
        )
        election = Election.objects.create(
            organisation=organisation,
            poll=poll,
            key=key,
            seat_group=group,
            nominators_required=spec.nominators,
            procedure_rule=rule,
            nominations_open_at=nominations_open_at,
            nominations_close_at=nominations_close_at,
        )
        append_event(
            organisation,
            kind="election.announced",
            actor=actor.name,
            data={
                "poll": poll.pk,
                "election": key,
                "title": title,
                "places": group.places,
                "method": spec.method,
                "nominators": spec.nominators,
                "nominations_open_at": nominations_open_at.isoformat(),
                "nominations_close_at": nominations_close_at.isoformat(),
                "opens_at": opens_at.isoformat(),
                "closes_at": closes_at.isoformat(),
                "roll_date": roll_date.isoformat(),
                "rule": rule,
            },
        )
    return election


@acts(Route.OFFICE, power=RUN)
def open_nominations(actor: Member, *, election: Election) -> Election:
    poll = election.poll
    require_power(poll.organisation, actor, RUN)
    _refuse_candidate_officer(actor, poll)
    if clock.now() < election.nominations_open_at:
        raise Conflict(
            f"Under the timetable nominations open on {when(election.nominations_open_at)}."
        )
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        move(poll, S.NOMINATIONS)
        poll.save(update_fields=["status"])
        append_event(
            poll.organisation,
            kind="nominations.opened",
            actor=actor.name,
            data={"poll": poll.pk, "title": poll.title},
        )
    election.poll = poll
    return election


def _nominations_open(election: Election) -> None:
    poll = election.poll
    refuse_if_cancelled(poll)
    now = clock.now()
    if poll.status != S.NOMINATIONS or not (
        election.nominations_open_at <= now < election.nominations_close_at
    ):
        if now >= election.nominations_close_at or poll.status not in (S.DRAFT, S.NOMINATIONS):
            raise Conflict(
                f"Nominations closed on {when(election.nominations_close_at)} "
                f"(rule {election.procedure_rule})."
            )
        raise Conflict(
            f"Nominations are not open yet; they open on {when(election.nominations_open_at)}."
        )


def _elector(member: Member, election: Election, what: str) -> None:
    require_active(member, what)
    if member.organisation_id != election.organisation_id:
        raise NotFound("No such election.")
    spec = election.organisation.constitution.election(election.key)
    if spec.electorate == "body":
        body = election.seat_group.body
        if not current_holdings_on(body, clock.today()).filter(member=member).exists():
            raise PowerDenied(
                f"Rule {spec.rule}: the {body.name} elects this seat from among its own "
                f"members; only those who hold a seat on it can {what}.",
                power="elector",
                rule=spec.rule,
            )
    region = election.poll.roll_region_id
    if region and member.region_id != region:
        raise PowerDenied(
            f"Only members of the {election.poll.roll_region.name} region can {what} in this "
            "election.",
            power="elector",
            rule=election.poll.rule,
        )


@acts(Route.SELF)
def stand(member: Member, *, election: Election, statement: str) -> Candidacy:
    """A member puts themselves forward, with the statement voters will read."""
    _nominations_open(election)
    _elector(member, election, "stand")
    require_qualified(member, "stand", "stand as a candidate")
    _refuse_returning_officer_standing(member, election.poll)
    statement = statement.strip()
    if not statement:
        raise InvalidInput("Write a statement for the members who will vote.")
    seat_spec = election.organisation.constitution.body(
        election.seat_group.body.key
    ).seat(election.seat_group.seat_key)
    if seat_spec.eligibility == "public-office-holder" and not member.public_office_holder:
        raise PowerDenied(
            f"Rule {seat_spec.rule}: only members who hold public office can stand for "
            f"{seat_spec.name.lower()}.",
            power="stand",
            rule=seat_spec.rule,
        )
    try:
        with transaction.atomic():
            candidacy = Candidacy.objects.create(
                organisation=election.organisation,
                election=election,
                member=member,
                statement=statement,
                created_at=clock.now(),
            )
            append_event(
                election.organisation,
                kind="candidate.standing",
                actor=member.name,
                data={"poll": election.poll_id, "candidate": member.name},
            )
    except IntegrityError:
        raise Conflict("You are standing in this election already.") from None
    return candidacy


@acts(Route.SELF)
def nominate(nominator: Member, *, candidacy: Candidacy) -> Nomination:
    election = candidacy.election
    _nominations_open(election)
    _elector(nominator, election, "nominate")
    require_qualified(nominator, "sign", "nominate a candidate")
    if candidacy.status != Candidacy.Status.STANDING:
        raise Conflict(f"{candidacy.member.name} is not standing.")
    if candidacy.member_id == nominator.pk:
        raise InvalidInput("Candidates cannot nominate themselves.")
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                organisation=election.organisation,
                candidacy=candidacy,
                nominator=nominator,
                created_at=clock.now(),
            )
            total = candidacy.nominations.count()
            append_event(
                election.organisation,
                kind="candidate.nominated",
                actor=None,
                data={"poll": election.poll_id, "candidate": candidacy.member.name,
                      "nominations": total, "required": election.nominators_required},
            )
    except IntegrityError:
        raise Conflict(f"You have nominated {candidacy.member.name} already.") from None
    return nomination


def _unique_labels(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    labels = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        labels.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return labels


@acts(Route.OFFICE, power=RUN)
def close_nominations(actor: Member, *, election: Election) -> Election:
    """Close nominations: the validly nominated go on the ballot paper, in alphabetical order."""
    require_power(election.organisation, actor, RUN)
    _refuse_candidate_officer(actor, election.poll)
    if clock.now() < election.nominations_close_at:
        raise Conflict(
            f"Under the timetable nominations close on {when(election.nominations_close_at)}."
        )
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=election.poll_id)
        move(poll, S.NOMINATIONS_CLOSED)
        poll.save(update_fields=["status"])
        standing = list(
            election.candidacies.filter(status=Candidacy.Status.STANDING)
            .select_related("member")
            .annotate(n=Count("nominations"))
            .order_by("member__name", "pk")
        )
        valid = [c for c in standing if c.n >= election.nominators_required]
        invalid = [c for c in standing if c.n < election.nominators_required]
        for position, (candidacy, label) in enumerate(
            zip(valid, _unique_labels([ballot_label(c.member.name) or f"Member {c.member_id}"
                                       for c in valid]), strict=True), start=1
        ):
            Choice.objects.create(
                organisation=election.organisation, poll=poll, position=position, label=label,
                candidacy=candidacy,
            )
        move_where(Candidacy.objects.filter(pk__in=[c.pk for c in valid]),
                   from_=Candidacy.Status.STANDING, to=Candidacy.Status.ON_BALLOT)
        move_where(Candidacy.objects.filter(pk__in=[c.pk for c in invalid]),
                   from_=Candidacy.Status.STANDING, to=Candidacy.Status.NOT_NOMINATED)
        append_event(
            election.organisation,
            kind="nominations.closed",
            actor=actor.name,
            data={
                "poll": poll.pk,
                "on_ballot": [c.member.name for c in valid],
                "not_validly_nominated": [c.member.name for c in invalid],
                "nominators_required": election.nominators_required,
                "rule": election.procedure_rule,
            },
        )
    election.poll = poll
    return election


def _before_voting_closes(election: Election, what: str) -> None:
    refuse_if_cancelled(election.poll)
    if election.poll.status in (S.CLOSED, S.COUNTED, S.DECLARED):
        raise Conflict(f"Voting has closed; {what} is no longer possible.")


@acts(Route.SELF)
def create_slate(member: Member, *, election: Election, name: str, platform: str) -> Slate:
    """Publish a slate's platform; candidates then join it by signing that exact text."""
    require_active(member, "publish a slate")
    refuse_if_cancelled(election.poll)
    if election.poll.status not in (S.DRAFT, S.NOMINATIONS, S.NOMINATIONS_CLOSED):
        raise Conflict("Slates can be published only until voting opens.")
    name, platform = plain_name(name, what="slate's name", field="name"), platform.strip()
    if not name or not platform:
        raise InvalidInput("A slate needs a name and a platform.")
    try:
        with transaction.atomic():
            slate = Slate.objects.create(
                organisation=election.organisation, election=election, name=name,
                platform=platform, platform_sha256=hashlib.sha256(platform.encode()).hexdigest(),
                created_by=member, created_at=clock.now(),
            )
            append_event(
                election.organisation, kind="slate.published", actor=member.name,
                data={"poll": election.poll_id, "slate": name,
                      "platform_sha256": slate.platform_sha256},
            )
    except IntegrityError:
        raise Conflict(f"There is a slate called '{name}' in this election already.") from None
    return slate


@acts(Route.SELF)
def sign_slate(member: Member, *, slate: Slate) -> SlateSignature:
    election = slate.election
    refuse_if_cancelled(election.poll)
    if election.poll.status not in (S.DRAFT, S.NOMINATIONS, S.NOMINATIONS_CLOSED):
        raise Conflict("Slates can be signed only until voting opens.")
    candidacy = Candidacy.objects.filter(
        election=election, member=member,
        status__in=[Candidacy.Status.STANDING, Candidacy.Status.ON_BALLOT],
    ).first()
    if candidacy is None:
        raise PowerDenied("Only candidates in this election can sign a slate's platform.",
                          power="candidate")
    try:
        with transaction.atomic():
            signature = SlateSignature.objects.create(
                organisation=election.organisation, slate=slate, candidacy=candidacy,
                signed_at=clock.now(),
            )
            append_event(
                election.organisation, kind="slate.signed", actor=member.name,
                data={"poll": election.poll_id, "slate": slate.name, "candidate": member.name,
                      "platform_sha256": slate.platform_sha256},
            )
    except IntegrityError:
        raise Conflict("You have signed a slate's platform in this election already.") from None
    return signature


@acts(Route.SELF)
def create_questionnaire(
    member: Member, *, election: Election, title: str, set_by: str, questions: list[str],
) -> Questionnaire:
    """A body or group of members puts questions to every candidate, who are all invited."""
    require_active(member, "set a questionnaire")
    _before_voting_closes(election, "a questionnaire")
    questions = [q.strip() for q in questions if q.strip()]
    title = plain_name(title, what="questionnaire's title", field="title")
    set_by = plain_name(set_by, what="name of who is asking", field="set_by")
    if not title.strip() or not set_by.strip() or not questions:
        raise InvalidInput("A questionnaire needs a title, who is asking, and a question.")
    with transaction.atomic():
        questionnaire = Questionnaire.objects.create(
            organisation=election.organisation, election=election, title=title.strip(),
            set_by=set_by.strip(), created_by=member, created_at=clock.now(),
        )
        Question.objects.bulk_create(
            Question(organisation=election.organisation, questionnaire=questionnaire,
                     position=i, text=text)
            for i, text in enumerate(questions, start=1)
        )
        append_event(
            election.organisation, kind="questionnaire.set", actor=member.name,
            data={"poll": election.poll_id, "title": questionnaire.title,
                  "set_by": questionnaire.set_by, "questions": questions},
        )
        enqueue(election.poll, kind=Task.Kind.QUESTIONNAIRE, started_by=member,
                questionnaire=questionnaire.pk)
    return questionnaire


@acts(Route.SELF)
def answer_question(member: Member, *, question: Question, text: str) -> Answer:
    election = question.questionnaire.election
    _before_voting_closes(election, "answering")
    candidacy = Candidacy.objects.filter(
        election=election, member=member,
        status__in=[Candidacy.Status.STANDING, Candidacy.Status.ON_BALLOT],
    ).first()
    if candidacy is None:
        raise PowerDenied("Only candidates answer a questionnaire.", power="candidate")
    text = text.strip()
    if not text:
        raise InvalidInput("Write an answer, or leave it: a missing answer is shown as such.")
    with transaction.atomic():
        answer, _ = Answer.objects.update_or_create(
            question=question, candidacy=candidacy,
            defaults={"organisation": election.organisation, "text": text,
                      "answered_at": clock.now()},
        )
        append_event(
            election.organisation, kind="questionnaire.answered", actor=member.name,
            data={"poll": election.poll_id, "question": question.pk,
                  "sha256": hashlib.sha256(text.encode()).hexdigest()},
        )
    return answer


@acts(Route.ELECTION, Route.SCHEDULE)
def seat_the_elected(actor: Actor, *, election: Election) -> list[str]:
    """Declared winners take the seats for the body's term; the outgoing terms end today. The
    declared result is the authority for both (rule of the election, via Route.ELECTION)."""
    poll = election.poll
    group = election.seat_group
    organisation = election.organisation
    today = clock.today()
    spec = organisation.constitution.body(group.body.key)
    ends_on = add_months(today, spec.term_months) if spec.term_months else None
    authority = resolve(organisation, Route.ELECTION, poll.pk)
    notes = []
    for holding in current_holdings(group, today).select_related("member"):
        if holding.follows_id is None:
            end_term(actor, organisation=organisation, holding=holding, ends_on=today,
                     reason=f"term ended at {poll.title}", authority=authority)
    by_label = {c.label: c for c in poll.choices.select_related("candidacy__member")}
    for name in poll.outcome.get("elected", []):
        member = by_label[name].candidacy.member
        try:
            with transaction.atomic():
                seat_elected(actor, organisation=organisation, authority=authority,
                             seat_group=group, member=member, starts_on=today,
                             ends_on=ends_on)
        except (InvalidInput, Conflict, PowerDenied, AuthorityRefused) as error:
            notes.append(f"{member.name} could not take the seat: {error}")
        else:
            notes.append(f"{member.name} takes a seat in {group}")
    return notes
