"""Reads for ballots: turnout, the published ballots, the marked register, lists."""

from __future__ import annotations

import copy
import hashlib
import time
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q

from openassembly import counting
from openassembly.core import clock
from openassembly.core.errors import Conflict, NotFound, PowerDenied
from openassembly.core.models import Organisation
from openassembly.core.powers import powers_of
from openassembly.members import eligibility
from openassembly.members.models import Member
from openassembly.rules.questions import petition_threshold
from openassembly.rules.sortition import SortitionSeed

from .constitution import ballot_rule, quorum
from .models import (
    Ballot,
    Candidacy,
    Choice,
    Participation,
    Petition,
    Poll,
    RollEntry,
    Sortition,
    Statement,
)

# How long a process may answer "what is on this ballot paper" from memory while voting is open.
PAPER_SECONDS = 60
PAPERS_KEPT = 1000
# The open ballot papers this process has read: (slug, poll id) -> (until, poll, choices). Not
# Django's cache, which unpickles on every read (and with Redis adds a network round trip) for
# a paper that cannot change while voting is open.
_papers: dict[tuple[str, int], tuple[float, Poll, list[Choice]]] = {}


def paper_for_voting(organisation, pk: int) -> tuple[Poll, list[Choice]]:
    """The poll and its ballot paper (choices by position), for casting a ballot; the
    organisation may be given by its slug, as the voting door has it from the URL.

    Once voting opens neither the paper nor the timetable changes (a candidate who withdraws
    stays on the paper as printed), so an open poll's pair is kept in this process for a
    minute and a ballot costs no read of its own. The kept status is never trusted:
    ``cast_ballot`` reads the status under the poll's lock in the transaction that records
    the ballot.
    """
    slug = organisation if isinstance(organisation, str) else organisation.slug
    key = (slug, int(pk))
    now = time.monotonic()
    kept = _papers.get(key)
    if kept is None or kept[0] < now:
        poll = (Poll.objects.select_related("organisation")
                .filter(organisation__slug=slug, pk=pk).first())
        if poll is None:
            raise NotFound("No such ballot.")
        kept = (now + PAPER_SECONDS, poll, list(poll.choices.order_by("position")))
        if poll.status == Poll.Status.OPEN:
            if len(_papers) >= PAPERS_KEPT:
                _papers.clear()
            _papers[key] = kept
    # A copy, so that nothing a caller sets on its poll reaches the next ballot's.
    poll = copy.copy(kept[1])
    if not isinstance(organisation, str):
        poll.organisation = organisation
    return poll, kept[2]


def forget_papers() -> None:
    """Drop every kept ballot paper (tests reuse ids across databases)."""
    _papers.clear()


def live_turnout(poll: Poll) -> dict:
    """Turnout while voting runs: marks on the register and ballots in the box, side by side.

    The two counts must always be equal; a stuffed or lost ballot would show as a difference.
    A cancelled poll shows the two counts as they stood when it was cancelled, since the
    ballots in its box were destroyed then.
    """
    if poll.status == Poll.Status.CANCELLED:
        voters, ballots = poll.voters_count, poll.ballots_count
    else:
        voters = Participation.objects.filter(poll=poll).count()
        ballots = Ballot.objects.filter(poll=poll).count()
    roll = poll.roll_size
    data = {
        "voters": voters,
        "ballots": ballots,
        "roll": roll,
        "percent": percent(voters, roll),
        "balanced": voters == ballots,
    }
    if poll.kind == Poll.Kind.REFERENDUM:
        data["quorum"] = quorum(poll.organisation, roll=roll, voters=voters)
    return data


def published_ballots(poll: Poll):
    """Every ballot of a closed poll, in receipt order: an order that says nothing of voters."""
    if not poll.published:
        return Ballot.objects.none()
    return Ballot.objects.filter(poll=poll).order_by("receipt").only("receipt", "marks")


def find_receipt(poll: Poll, code: str) -> Ballot | None:
    if not poll.published:
        return None
    return Ballot.objects.filter(poll=poll, receipt=code).only("receipt", "marks").first()


def may_see_marked_register(member: Member | None, poll: Poll) -> tuple[bool, str]:
    """(allowed, why): the constitution says who sees who voted, and only after the close."""
    rule = ballot_rule(poll.organisation)
    if not poll.published:
        return False, f"Rule {rule}: the marked register is open only after voting closes."
    ballots = poll.organisation.constitution.ballots
    who = ballots.marked_register if ballots is not None else "officers"
    if member is None or member.status != Member.Status.ACTIVE:
        return False, f"Rule {rule}: only members may inspect the marked register."
    if who == "officers" and "run-ballots" not in powers_of(member):
        return False, f"Rule {rule}: only the returning officers may inspect the marked register."
    return True, ""


def marked_register(member: Member | None, poll: Poll):
    allowed, why = may_see_marked_register(member, poll)
    if not allowed:
        raise PowerDenied(why, power="marked-register", rule=ballot_rule(poll.organisation))
    voted = Participation.objects.filter(poll=poll, member=OuterRef("member_id"))
    return (
        RollEntry.objects.filter(poll=poll)
        .select_related("member")
        .annotate(voted=Exists(voted))
        .order_by("member__name", "member_id")
    )


def candidacies(election):
    return (
        Candidacy.objects.filter(election=election)
        .select_related("member", "slate_sig__slate", "choice")
        .annotate(nominations_count=Count("nominations", distinct=True))
        .order_by("member__name", "pk")
    )


def polls(organisation, *, kind: str | None = None):
    queryset = Poll.objects.filter(organisation=organisation).select_related(
        "election", "referendum"
    )
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("-opens_at", "-pk")


def open_polls_for(member: Member | None):
    if member is None:
        return Poll.objects.none()
    return Poll.objects.filter(
        Q(status=Poll.Status.OPEN), roll__member=member
    ).exclude(participations__member=member)


def candidate_outcome(candidacy: Candidacy, poll: Poll) -> str:
    """What became of a candidate, in the words the record and the open data use.

    ``candidacy.choice`` must be loaded (or absent) and ``poll`` is the candidacy's poll.
    """
    status = candidacy.status
    if poll.status == Poll.Status.CANCELLED:
        return "election cancelled"
    if status == Candidacy.Status.WITHDRAWN:
        return "withdrew"
    if status == Candidacy.Status.NOT_NOMINATED:
        return "not validly nominated"
    if poll.status == Poll.Status.DECLARED:
        choice = getattr(candidacy, "choice", None)
        elected = choice is not None and choice.label in poll.outcome.get("elected", [])
        return "elected" if elected else "not elected"
    return "standing" if status == Candidacy.Status.STANDING else "on the ballot"


def elections_stood(member: Member) -> list[tuple[Candidacy, str]]:
    """Every election a person stood in, newest first, with what became of them.

    Standing is a public act (the candidate's name and statement are on the election page),
    so this may be shown on the person's public page.
    """
    rows = (
        Candidacy.objects.filter(member=member)
        .select_related("election__poll", "choice")
        .order_by("-election__poll__opens_at", "-pk")
    )
    return [(c, candidate_outcome(c, c.election.poll)) for c in rows]


def has_voted(member: Member | None, poll: Poll) -> bool:
    return bool(member) and Participation.objects.filter(poll=poll, member=member).exists()


def receipt_pad(member: Member | None, poll: Poll) -> str:
    """The server's half of the member's own receipt (receipts.py), "" if they have not voted
    or voted before pads were kept. Shown to the voter alone, for their browser to recompute a
    lost receipt with the secret it kept."""
    if not member:
        return ""
    return (Participation.objects.filter(poll=poll, member=member)
            .values_list("receipt_pad", flat=True).first() or "")


def on_roll(member: Member | None, poll: Poll) -> bool:
    return bool(member) and RollEntry.objects.filter(poll=poll, member=member).exists()


def result_of(poll: Poll) -> counting.Result:
    """Count the published file, exactly as anyone re-counting it would."""
    if hashlib.sha256(poll.blt.encode()).hexdigest() != poll.blt_sha256:
        raise Conflict("The published ballot file does not match its recorded SHA-256.")
    election = counting.read_blt(poll.blt)
    return counting.count(election, method=poll.method, seats=poll.seats, seed=poll.seed)


def turnout(poll: Poll, voters: int | None = None) -> dict:
    voters = poll.voters_count if voters is None else voters
    return {"voters": voters, "roll": poll.roll_size, "percent": percent(voters, poll.roll_size)}


def percent(part: int, whole: int) -> str:
    """A share as a percentage to one decimal place, rounded half up, in integers only."""
    if not whole:
        return "0.0"
    tenths = (part * 1000 * 2 + whole) // (2 * whole)
    return f"{tenths // 10}.{tenths % 10}"


def choices_of(poll: Poll) -> list[Choice]:
    return list(poll.choices.select_related("candidacy__member").order_by("position"))


def ballot_paper(poll: Poll) -> list[Choice]:
    """Just what the ballot paper shows: the numbered labels (whole rows: deferring columns
    with .only() costs more in Python than it saves)."""
    return list(poll.choices.order_by("position"))


def members_entitled_to_sign(organisation: Organisation, on: date | None = None) -> int:
    """The members who may sign a petition on ``on`` (today by default): active, and past the
    qualifying period for signing (members/eligibility.py). A petition's threshold is a share
    of them, so members who may not yet sign do not raise the bar for those who may."""
    return eligibility.qualified(organisation, "sign", on or clock.today()).count()


def threshold(petition: Petition) -> int:
    """The signatures ``petition`` needs: fixed when it was reached, else as of today."""
    spec = petition.organisation.constitution.petition(petition.kind)
    if petition.threshold_reached is not None:
        return petition.threshold_reached
    return petition_threshold(spec, members=members_entitled_to_sign(petition.organisation))


def pool_labels(sortition: Sortition) -> list[str]:
    return sorted(sortition.pool.values_list("label", flat=True))


def sortition_rule(organisation: Organisation) -> str:
    """The rule for drawing panels by lot: the [ballots] table's, else the ballots rule."""
    ballots = organisation.constitution.ballots
    if ballots is not None and ballots.sortition_rule:
        return ballots.sortition_rule
    return ballot_rule(organisation)


def seed_rules(organisation: Organisation) -> SortitionSeed:
    """The constitution's [sortition] table; a constitution without one gets the safe defaults
    (two witnesses from the members, 48 hours to reveal) under its rule for drawing lots."""
    rules = organisation.constitution.sortition
    return rules if rules is not None else SortitionSeed(rule=sortition_rule(organisation))


def draw_due(sortition: Sortition) -> bool:
    """Whether the draw can be made: every party has revealed, or the deadline has passed."""
    if sortition.status != Sortition.Status.POOL_CLOSED:
        return False
    if not sortition.parties.filter(revealed_at__isnull=True).exists():
        return True
    return sortition.reveal_by is not None and clock.now() > sortition.reveal_by
def missing_sides(referendum) -> list[str]:
    """The sides ("for", "against") of a members' ballot with no statement attached yet."""
    sides = set(referendum.statements.values_list("side", flat=True))
    return [value for value in Statement.Side.values if value not in sides]
