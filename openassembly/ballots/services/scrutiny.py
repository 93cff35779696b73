"""Scrutineers: named for an election or members' ballot, they see its timetable, the roll's
size and every officer act on it (the scrutiny page), and their reports are published with the
result, which waits for them. The returning officer may not stand in the election they run,
and a candidate may not act as its returning officer (rule 13.6 in the demo).
"""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction

from openassembly.bodies.models import SeatGroup, SeatHolding
from openassembly.core import clock
from openassembly.core.authority import (
    Authority,
    AuthorityRefused,
    Route,
    acts,
    plain,
    reread,
)
from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.core.ledger import append_event
from openassembly.core.models import Organisation
from openassembly.core.powers import powers_of, require_power
from openassembly.members.models import Member
from openassembly.rules.members_ballots import Scrutiny

from ..constitution import scrutiny_rule
from ..models import Candidacy, Poll, Scrutineer
from .common import refuse_if_cancelled

RUN = "run-ballots"


def _standing(poll: Poll, member: Member) -> bool:
    return poll.kind == Poll.Kind.ELECTION and Candidacy.objects.filter(
        election__poll=poll, member=member).exclude(status=Candidacy.Status.WITHDRAWN).exists()


def _refuse_candidate_officer(actor: Member, poll: Poll) -> None:
    """A candidate in an election does not run it, whoever announced it."""
    if _standing(poll, actor):
        rule = scrutiny_rule(poll.organisation)
        raise PowerDenied(f"Rule {rule}: you stand in this election, so you cannot act as its "
                          "returning officer.", power=RUN, rule=rule)


def _refuse_returning_officer_standing(member: Member, poll: Poll) -> None:
    """The returning officer (who announced the election) may not stand in it."""
    if poll.created_by_id == member.pk:
        rule = scrutiny_rule(poll.organisation)
        raise PowerDenied(f"Rule {rule}: you are the returning officer of this election, so you "
                          "cannot stand in it.", power="stand", rule=rule)


def _refuse_without_reports(poll: Poll) -> None:
    """The result is published with every scrutineer's report, so it waits for them."""
    waiting = list(poll.scrutineers.filter(report_at=None).values_list("name", flat=True))
    if waiting:
        rule = scrutiny_rule(poll.organisation)
        raise Conflict(f"Rule {rule}: the scrutineers' reports are published with the result; "
                       f"waiting for {', '.join(waiting)}.")


def _holds_elected_seat(member: Member) -> bool:
    today = clock.today()
    return (SeatHolding.objects.filter(member=member, starts_on__lte=today,
                                       seat_group__kind=SeatGroup.Kind.ELECTED)
            .exclude(ends_on__lte=today).exists())


def _check_scrutiny_decision(organisation: Organisation, scrutiny: Scrutiny | None,
                             authority: Authority, rule: str) -> None:
    """Refuse unless ``authority`` (already read again from the register) is a decision of the
    body the rules name, moved as the kind of decision they name, and carried by that kind's
    majority. Any carried decision of the body, whatever it was about, is not enough."""
    body = scrutiny.body if scrutiny is not None else None
    if body is None or scrutiny.decision is None:
        raise AuthorityRefused(f"Rule {rule}: the constitution names no kind of decision that "
                               "names scrutineers, so only the returning officer can name one.",
                               rule=rule, field="decision")
    kind = organisation.constitution.decision(scrutiny.decision)
    body_name = organisation.constitution.body(body).name
    facts = authority.facts
    number = facts.get("decision")
    if facts.get("body") != body or facts.get("decision_key") != kind.key:
        raise AuthorityRefused(
            f"Rule {rule}: only a decision of the {body_name} moved as a {kind.name.lower()} "
            f"can name a scrutineer; decision {number} is not one.", rule=rule, field="decision")
    if facts.get("majority_kind") != kind.majority.kind:
        raise AuthorityRefused(
            f"Rule {kind.majority.rule}: decision {number} was not carried by the "
            f"{kind.majority.kind.replace('-', ' ')} majority it needs.",
            rule=kind.majority.rule, field="decision")


@acts(Route.OFFICE, Route.DECISION, power=RUN)
@transaction.atomic
def appoint_scrutineer(actor: Member, *, poll: Poll, name: str = "", member: Member | None = None,
                       authority: Authority | None = None) -> Scrutineer:
    """Name a scrutineer: an independent organisation by ``name``, or a ``member`` who holds an
    elected seat and is neither a candidate nor the returning officer. The returning officer
    names one under their power; otherwise it takes a carried decision of the body and of the
    kind of decision the rules name (none named: only the returning officer)."""
    organisation = poll.organisation
    rule = scrutiny_rule(organisation)
    scrutiny = organisation.constitution.scrutiny
    if authority is not None:
        # Read again from this organisation's register: never the caller's facts.
        authority = reread(organisation, authority, Route.DECISION, act="Naming a scrutineer",
                           rule=rule, field="decision")
        _check_scrutiny_decision(organisation, scrutiny, authority, rule)
    else:
        require_power(organisation, actor, RUN)
        _refuse_candidate_officer(actor, poll)
        authority = plain(Route.OFFICE, f"named by {actor.name} as returning officer",
                          rule=rule)
    refuse_if_cancelled(poll)
    if poll.status == Poll.Status.DECLARED:
        raise Conflict("The result is declared; a scrutineer is named before it.")
    if bool(name.strip()) == (member is not None):
        raise InvalidInput("Name an independent organisation or choose a member, not both.",
                           field="name")
    kind = Scrutineer.Kind.EXTERNAL
    if member is not None:
        kind = Scrutineer.Kind.MEMBER
        if member.organisation_id != organisation.pk or member.status != Member.Status.ACTIVE:
            raise InvalidInput("A member scrutineer is an active member.", field="member")
        if not _holds_elected_seat(member):
            raise InvalidInput(f"Rule {rule}: a member scrutineer holds an elected seat; "
                               f"{member.name} does not.", field="member")
        if member.pk == poll.created_by_id or member.pk == actor.pk:
            raise InvalidInput(f"Rule {rule}: the returning officer cannot scrutinise their own "
                               "poll.", field="member")
        if _standing(poll, member):
            raise InvalidInput(f"Rule {rule}: {member.name} stands in this election, so cannot "
                               "scrutinise it.", field="member")
        name = member.name
    try:
        with transaction.atomic():
            scrutineer = Scrutineer.objects.create(
                organisation=organisation, poll=poll, kind=kind, name=name.strip()[:200],
                member=member, appointed_at=clock.now(), authority=authority.as_data())
    except IntegrityError:
        raise Conflict(f"{name} is a scrutineer of this poll already.", field="name") from None
    append_event(organisation, kind="scrutineer.appointed", actor=actor.name,
                 data={"poll": poll.pk, "scrutineer": scrutineer.name, "kind": kind},
                 authority=authority)
    return scrutineer


@acts(Route.SELF, Route.OFFICE, power=RUN)
@transaction.atomic
def file_scrutiny_report(actor: Member, *, scrutineer: Scrutineer, text: str) -> Scrutineer:
    """A member scrutineer files their own report; an independent organisation's report is
    put on the record by the returning officer, as received (its hash goes on the ledger)."""
    scrutineer = Scrutineer.objects.select_for_update().select_related("poll").get(
        pk=scrutineer.pk)
    poll = scrutineer.poll
    if scrutineer.kind == Scrutineer.Kind.MEMBER:
        if actor.pk != scrutineer.member_id:
            raise PowerDenied(f"Only {scrutineer.name} files their report as scrutineer.",
                              power="scrutineer", rule=scrutiny_rule(poll.organisation))
    elif RUN not in powers_of(actor):
        require_power(poll.organisation, actor, RUN)
    if poll.status not in (Poll.Status.CLOSED, Poll.Status.COUNTED):
        raise Conflict("A scrutineer reports after voting closes and before the declaration.")
    if scrutineer.report_at is not None:
        raise Conflict("The report is on the record already; it is published as filed.")
    text = text.strip()
    if not text:
        raise InvalidInput("The report is empty.", field="text")
    scrutineer.report, scrutineer.report_at = text, clock.now()
    if scrutineer.kind == Scrutineer.Kind.EXTERNAL:
        scrutineer.report_recorded_by = actor
    scrutineer.save(update_fields=["report", "report_at", "report_recorded_by"])
    append_event(poll.organisation, kind="scrutiny.reported", actor=actor.name,
                 data={"poll": poll.pk, "scrutineer": scrutineer.name,
                       "sha256": hashlib.sha256(text.encode()).hexdigest()})
    return scrutineer
