"""Members' ballots called by petition: they run themselves, on the constitution's timetable.

A petition that reaches its threshold drafts its ballot with the dates [[petition_ballots]]
sets (rule 13.5 in the demo); the tick chooses the statement against when statements are due
and opens voting on time, with no officer (tasks.py). The statement for is the petition's
proposer's. The statement against is never the first member's to ask: either members who did
not sign the petition offer candidates and co-sign one (most co-signers wins), or the body
whose decision the petition challenges chooses it by a recorded decision. A carried result is
a decision of the members, with the action the constitution sets, in the one decisions
register; under rule 8.2's route it is also the constitution's next version.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction

from openassembly.bodies.models import SeatHolding
from openassembly.core import clock
from openassembly.core.actors import Actor, System
from openassembly.core.authority import (
    WORDS,
    Authority,
    AuthorityRefused,
    Route,
    acts,
    plain,
    require,
    reread,
    resolve,
)
from openassembly.core.errors import Conflict, InvalidInput, PowerDenied, ServiceError
from openassembly.core.ledger import append_event
from openassembly.core.models import Organisation
from openassembly.core.services import adopt_constitution_version
from openassembly.meetings.models import Motion
from openassembly.meetings.services.members_decisions import ActionSpec, record_members_decision
from openassembly.members.models import Member
from openassembly.rules.members_ballots import PetitionBallot, petition_ballot

from ..models import (
    CandidateStatement,
    CoSignature,
    Petition,
    Referendum,
    Signature,
    Statement,
)
from ..selectors import missing_sides
from .common import S, refuse_if_cancelled, require_active, when
from .referendums import _draft, check_both_sides

AGAINST = Statement.Side.AGAINST


def _spec(referendum: Referendum) -> PetitionBallot:
    spec = petition_ballot(referendum.organisation.constitution, referendum.petition.kind)
    if spec is None:  # the constitution changed under a running ballot
        raise Conflict("The constitution no longer sets how this petition's ballot runs.")
    return spec


def _check_challenged_motion(organisation: Organisation, kind: str, motion: Motion | None) -> None:
    """A petition under rule 8.2's route names the amendment the empowered body rejected."""
    constitution = organisation.constitution
    spec = petition_ballot(constitution, kind)
    if spec is None or not spec.amends_constitution:
        if motion is not None:
            raise InvalidInput("Only a petition to put a rejected change of the constitution to "
                               "members names a motion.", field="motion")
        return
    decision = constitution.amendment_decision()
    body = constitution.body(decision.body) if decision is not None else None
    where = f"the {body.name}" if body is not None else "the body that amends the rules"
    if motion is None or motion.organisation_id != organisation.pk:
        raise InvalidInput(f"Rule {spec.rule}: name the change to the constitution that {where} "
                           "rejected.", field="motion")
    if not motion.new_constitution:
        raise InvalidInput(f"Motion {motion.number} proposes no new constitution.",
                           field="motion")
    if body is not None and motion.meeting.body.key != body.key:
        raise InvalidInput(f"Rule {spec.rule}: only a change {where} rejected goes to members "
                           "this way.", field="motion")
    if motion.status != Motion.Status.LOST:
        raise InvalidInput(f"Rule {spec.rule}: only a rejected change goes to members this way; "
                           f"motion {motion.number} is {motion.get_status_display()}.",
                           field="motion")


@acts(Route.PETITION)
@transaction.atomic
def draft_petition_ballot(actor: Actor, *, authority: Authority) -> Referendum:
    """Draft the members' ballot a petition that reached its threshold calls, with the
    timetable the constitution sets from the day it was reached."""
    act = "Drafting a members' ballot for a petition"
    require(authority, Route.PETITION, act=act)
    # The petition the reference names, and its organisation's record of it read again (its
    # threshold reached): never the caller's facts.
    named, _, number = authority.reference.partition(":")
    petition = (Petition.objects.select_related("organisation", "created_by", "motion",
                                                "target_holding__member")
                .filter(pk=int(number) if named == "petition" and number.isdigit() else None)
                .first())
    if petition is None:
        raise AuthorityRefused(f"{act} needs {WORDS[Route.PETITION]}, named by its number.",
                               field="petition")
    organisation = petition.organisation
    authority = reread(organisation, authority, Route.PETITION, act=act, field="petition")
    if Referendum.objects.filter(petition=petition).exists():
        raise Conflict(f"Petition {petition.pk} has its members' ballot already.")
    holding = petition.target_holding
    if holding is not None:
        question = f"Should {holding.member.name} be recalled from {holding.seat_group}?"
        title = question
    else:
        # Rule 13.5: the question put is the text members signed, not a summary of it.
        question, title = petition.text, petition.title
    spec = petition_ballot(organisation.constitution, petition.kind)
    timetable: dict = {}
    extra: dict = {}
    if spec is not None:
        reached = petition.reached_at or clock.now()
        opens_at = reached + timedelta(days=spec.opens_days)
        timetable = {"opens_at": opens_at,
                     "closes_at": opens_at + timedelta(days=spec.voting_days)}
        extra = {"statements_due_at": reached + timedelta(days=spec.statements_days),
                 "against_by": spec.against_chosen_by, "against_body": spec.body or "",
                 "new_constitution": petition.motion.new_constitution if petition.motion_id
                 else ""}
    return _draft(organisation, actor_name=actor.name, created_by=petition.created_by,
                  question=question, title=title, proposal=petition.text,
                  recall_holding=holding, petition=petition, authority=authority,
                  **timetable, **extra)


def _referendum_consequence(referendum: Referendum) -> str:
    """What the petition's page says its success did."""
    poll = referendum.poll
    if not referendum.by_petition:
        return (f"A members' ballot, \"{poll.title}\", is drafted (number {poll.pk}); it opens "
                "once both sides' statements are attached.")
    return (f"A members' ballot, \"{poll.title}\", is called (number {poll.pk}): statements "
            f"are due on {when(referendum.statements_due_at)}, and voting opens on "
            f"{when(poll.opens_at)} and closes on {when(poll.closes_at)}, without waiting for "
            "an officer.")


def _against_by_members(member: Member, referendum: Referendum, doing: str) -> PetitionBallot:
    """Refuse what the rules do not let ``member`` do towards the statement against."""
    require_active(member, doing)
    if member.organisation_id != referendum.organisation_id:
        raise PowerDenied("Only members can do that.", power="member")
    refuse_if_cancelled(referendum.poll)
    if not referendum.by_petition or referendum.against_by != "members":
        raise Conflict("The statement against this ballot is not chosen by co-signers.")
    spec = _spec(referendum)
    if referendum.poll.status != S.DRAFT:
        raise Conflict("Statements are fixed once voting opens.")
    if clock.now() >= referendum.statements_due_at:
        raise Conflict(f"Rule {spec.rule}: statements were due on "
                       f"{when(referendum.statements_due_at)}; the statement against is chosen.")
    # Those who asked for the ballot do not pick the case against it: that was the bypass, an
    # ally of the proposer taking the statement against first.
    if Signature.objects.filter(petition=referendum.petition_id, member=member).exists():
        raise PowerDenied(f"Rule {spec.rule}: you signed the petition, so you cannot {doing}; "
                          "the statement against comes from members who did not.",
                          power="statement", rule=spec.rule)
    return spec


@acts(Route.SELF)
@transaction.atomic
def offer_against_statement(member: Member, *, referendum: Referendum,
                            text: str) -> CandidateStatement:
    """Offer a statement against; revisable until anyone co-signs it."""
    _against_by_members(member, referendum, "offer a statement against")
    text = text.strip()
    if not text:
        raise InvalidInput("The statement is empty.", field="text")
    if CoSignature.objects.filter(referendum=referendum, member=member).exists():
        raise Conflict("You have co-signed another member's statement against; you back one.")
    candidate = (CandidateStatement.objects.select_for_update()
                 .filter(referendum=referendum, author=member).first())
    if candidate is not None:
        if candidate.cosigners_count:
            raise Conflict("Members have co-signed your statement as it stands, so it can no "
                           "longer change.")
        candidate.text = text
        candidate.save(update_fields=["text"])
    else:
        candidate = CandidateStatement.objects.create(
            organisation=referendum.organisation, referendum=referendum, author=member,
            text=text, offered_at=clock.now())
    append_event(referendum.organisation, kind="referendum.against-offered", actor=member.name,
                 data={"poll": referendum.poll_id, "candidate": candidate.pk})
    return candidate


@acts(Route.SELF)
@transaction.atomic
def cosign_against_statement(member: Member, *, candidate: CandidateStatement) -> CoSignature:
    """Back one candidate statement against; a member backs one, once."""
    candidate = CandidateStatement.objects.select_for_update().get(pk=candidate.pk)
    referendum = candidate.referendum
    _against_by_members(member, referendum, "co-sign a statement against")
    if CandidateStatement.objects.filter(referendum=referendum, author=member).exists():
        raise Conflict("You have offered a statement against yourself; you back your own.")
    try:
        with transaction.atomic():
            signature = CoSignature.objects.create(
                organisation=referendum.organisation, referendum=referendum,
                candidate=candidate, member=member, signed_at=clock.now())
    except IntegrityError:
        raise Conflict("You have co-signed a statement against this ballot already; a member "
                       "backs one.") from None
    candidate.cosigners_count += 1
    candidate.save(update_fields=["cosigners_count"])
    append_event(referendum.organisation, kind="referendum.against-cosigned", actor=None,
                 data={"poll": referendum.poll_id, "candidate": candidate.pk,
                       "cosigners": candidate.cosigners_count})
    return signature


@acts(Route.SCHEDULE)
@transaction.atomic
def choose_against_statement(actor: Actor, *, referendum: Referendum) -> Statement | None:
    """When statements are due: the candidate with most co-signers (the first offered, on a
    tie) becomes the statement against. None when nobody offered one."""
    referendum = Referendum.objects.select_for_update().get(pk=referendum.pk)
    if referendum.against_by != "members":
        raise Conflict("The statement against this ballot is not chosen by co-signers.")
    spec = _spec(referendum)
    if clock.now() < referendum.statements_due_at:
        raise Conflict(f"Statements are due on {when(referendum.statements_due_at)}, not yet.")
    existing = referendum.statements.filter(side=AGAINST).first()
    if existing is not None:
        return existing
    candidates = list(referendum.candidates.select_related("author"))
    if not candidates:
        return None
    best = candidates[0]  # ordered by co-signers, then by who offered first
    chosen_by = (f"chosen by {best.cosigners_count} co-signer"
                 f"{'' if best.cosigners_count == 1 else 's'} when statements were due, from "
                 f"{len(candidates)} offered")
    statement = Statement.objects.create(
        organisation=referendum.organisation, referendum=referendum, side=AGAINST,
        author=best.author, text=best.text, written_at=clock.now(), chosen_by=chosen_by)
    append_event(referendum.organisation, kind="referendum.statement", actor=actor.name,
                 data={"poll": referendum.poll_id, "side": AGAINST, "author": best.author.name},
                 authority=plain(Route.SCHEDULE, f"under rule {spec.rule}, {chosen_by}",
                                 rule=spec.rule))
    return statement


@acts(Route.DECISION)
@transaction.atomic
def record_body_statement(actor: Member, *, referendum: Referendum, authority: Authority,
                          text: str) -> Statement:
    """The statement against, chosen by a decision of the body whose decision the petition
    challenges; ``actor`` puts it on the ballot for the body and is named as doing so."""
    require_active(actor, "attach the body's statement")
    spec = _spec(referendum) if referendum.by_petition else None
    rule = spec.rule if spec is not None else ""
    if spec is None or referendum.against_by != "body":
        raise Conflict("No body chooses the statement against this ballot.")
    body = referendum.organisation.constitution.body(referendum.against_body)
    # Read again from this organisation's register: never the caller's facts.
    authority = reread(referendum.organisation, authority, Route.DECISION,
                       act="Choosing the statement against", rule=rule, field="decision")
    if authority.facts.get("body") != body.key:
        raise AuthorityRefused(f"Rule {rule}: the statement against is chosen by the "
                               f"{body.name}; {authority.text} is not its decision.",
                               rule=rule, field="decision")
    made_at = authority.facts.get("made_at")
    if made_at is None or datetime.fromisoformat(made_at) < referendum.petition.reached_at:
        raise AuthorityRefused(f"Rule {rule}: {authority.text} was made before the petition "
                               "reached its threshold, so it cannot have chosen this "
                               "statement.", rule=rule, field="decision")
    refuse_if_cancelled(referendum.poll)
    if referendum.poll.status != S.DRAFT:
        raise Conflict("Statements are fixed once voting opens.")
    text = text.strip()
    if not text:
        raise InvalidInput("The statement is empty.", field="text")
    if referendum.statements.filter(side=AGAINST).exists():
        raise Conflict("The statement against is attached already.")
    chosen_by = f"for the {body.name}, {authority.text}"
    try:
        with transaction.atomic():
            statement = Statement.objects.create(
                organisation=referendum.organisation, referendum=referendum, side=AGAINST,
                author=actor, text=text, written_at=clock.now(), chosen_by=chosen_by[:300])
    except IntegrityError:
        raise Conflict("You wrote the statement for; each side writes its own.") from None
    append_event(referendum.organisation, kind="referendum.statement", actor=actor.name,
                 data={"poll": referendum.poll_id, "side": AGAINST, "author": actor.name},
                 authority=authority)
    return statement


def _statements_for_opening(referendum: Referendum) -> list[str]:
    """The sides to mark "no statement submitted" when voting opens; Conflict when the ballot
    must wait for a statement (both are needed, and the rules do not let it open without)."""
    missing = missing_sides(referendum)
    if not missing:
        return []
    if referendum.by_petition:
        spec = _spec(referendum)
        if spec.without_statement and clock.now() >= referendum.statements_due_at:
            return missing
    check_both_sides(referendum)
    return []


def _holder(organisation: Organisation, seat: str | None) -> Member | None:
    if seat is None:
        return None
    body, _, key = seat.partition("/")
    today = clock.today()
    holding = (SeatHolding.objects.filter(organisation=organisation, seat_group__body__key=body,
                                          seat_group__seat_key=key, starts_on__lte=today)
               .exclude(ends_on__lte=today).select_related("member").order_by("starts_on")
               .first())
    return holding.member if holding is not None else None


@acts(Route.SCHEDULE, Route.OFFICE, power="run-ballots")
def record_carried(actor: Actor, *, referendum: Referendum, done: list[str]) -> list[str]:
    """Called by declare_result once the poll is declared: a carried ballot called by petition
    becomes a decision of the members with its action (done at once when its consequence was
    automatic, as ``done`` says), and under rule 8.2's route the new constitution."""
    poll = referendum.poll
    organisation = poll.organisation
    if not referendum.by_petition or not poll.outcome.get("carried"):
        return []
    spec = _spec(referendum)
    authority = resolve(organisation, Route.BALLOT, poll)
    said: list[str] = []
    if referendum.new_constitution:
        try:
            with transaction.atomic():
                version = adopt_constitution_version(
                    System(f"the members, by members' ballot {poll.pk}"),
                    organisation=organisation, text=referendum.new_constitution,
                    note=f"Members' ballot {poll.pk}: {poll.title}", authority=authority)
            adopted = (f"The constitution's version {version.number} is adopted"
                       + (" and in force." if version.applied_at is not None else
                          f", taking effect on {version.effective_at:%-d %B %Y}."))
            done = [*done, adopted]
            said.append(adopted)
        except ServiceError as error:
            # The vote stands whatever happens; the action stays open and the page says why.
            said.append(f"Carried, but the new constitution could not be adopted: {error}")
    owner = _holder(organisation, spec.carried_out_by)
    actions = []
    if owner is not None:
        due = clock.today() + timedelta(days=spec.carry_out_days)
        description = (f"Carry out the members' decision: {poll.title}" if not done
                       else f"Carried out on declaration: {' '.join(done)}")
        actions.append(ActionSpec(description=description, owner=owner, due_on=due,
                                  done_note=" ".join(done)))
    else:
        said.append(f"Nobody holds the seat that carries out a carried result "
                    f"({spec.carried_out_by}), so no action could be set.")
    decision = record_members_decision(actor, organisation=organisation, authority=authority,
                                       title=poll.title, text=referendum.question,
                                       actions=actions)
    Referendum.objects.filter(pk=referendum.pk).update(decision=decision)
    referendum.decision = decision
    said.insert(0, f"Recorded as decision {decision.number} of the members.")
    return said
