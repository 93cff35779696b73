"""A candidate withdrawing, at any stage until voting closes.

Only the candidate can withdraw, signed in as themself: an officer acting on a letter would let
a returning officer take a rival off the ballot on a claim nobody else can check, while the
candidate's own act is authenticated like their vote.
"""

from __future__ import annotations

from django.db import transaction

from openassembly.core import clock
from openassembly.core.authority import Route, acts
from openassembly.core.errors import Conflict, PowerDenied
from openassembly.core.ledger import append_event
from openassembly.core.states import move
from openassembly.members.models import Member

from ..models import Candidacy, Choice, Poll, SlateSignature
from .common import S, refuse_if_cancelled, when

STANDING = Candidacy.Status.STANDING
ON_BALLOT = Candidacy.Status.ON_BALLOT
WITHDRAWN = Candidacy.Status.WITHDRAWN


@acts(Route.SELF)
def withdraw(member: Member, *, candidacy: Candidacy) -> Candidacy:
    """Withdraw ``member``'s own candidacy.

    During nominations the candidacy simply ends. Once nominations have closed the name is on
    the ballot paper: before voting opens it comes off, and the names below it move up a line.
    Once voting has opened the paper cannot change under the voters who have marked it, so the
    name stays on it and the count treats the candidate as withdrawn: the published ballot file
    lists them on BLT's withdrawn line, so a re-count of that file gives the declared result.
    """
    if candidacy.member_id != member.pk:
        raise PowerDenied("Only the candidate can withdraw their candidacy.", power="candidate")
    with transaction.atomic():
        # The poll's row is the lock that closing, opening and casting take, so the ballot
        # paper and the withdrawn line cannot change under any of them.
        poll = Poll.objects.select_for_update().get(pk=candidacy.election.poll_id)
        candidacy = Candidacy.objects.select_related("member", "election").get(pk=candidacy.pk)
        refuse_if_cancelled(poll)
        if candidacy.status == WITHDRAWN:
            raise Conflict(f"You withdrew on {when(candidacy.withdrawn_at)}.")
        if candidacy.status == Candidacy.Status.NOT_NOMINATED:
            raise Conflict("You were not validly nominated, so you are not on the ballot paper.")
        if poll.status not in (S.DRAFT, S.NOMINATIONS, S.NOMINATIONS_CLOSED, S.OPEN):
            raise Conflict(
                "Voting has closed and the ballots are published; a withdrawal can no longer "
                "change the count. If you are elected, you can resign the seat."
            )
        stage = poll.status
        data = {"poll": poll.pk, "candidate": candidacy.member.name, "stage": stage}
        if candidacy.status == ON_BALLOT:
            data.update(_leave_ballot_paper(poll, candidacy))
        move(candidacy, WITHDRAWN)
        candidacy.withdrawn_at = clock.now()
        candidacy.save(update_fields=["status", "withdrawn_at"])
        SlateSignature.objects.filter(candidacy=candidacy).delete()
        append_event(
            candidacy.organisation, kind="candidate.withdrawn", actor=member.name, data=data
        )
    return candidacy


def _leave_ballot_paper(poll: Poll, candidacy: Candidacy) -> dict:
    """Take the candidate off the paper before voting, or mark them withdrawn during it."""
    choices = list(poll.choices.select_related("candidacy").order_by("position"))
    mine = next(c for c in choices if c.candidacy_id == candidacy.pk)
    left = [c for c in choices if c.pk != mine.pk and c.candidacy.status != WITHDRAWN]
    if len(left) < poll.seats:
        # The count cannot fill more places than there are candidates; rather than leave an
        # election that cannot be counted, the returning officer cancels it (with a reason).
        raise Conflict(
            f"Withdrawing now would leave {len(left)} candidate{'s' if len(left) != 1 else ''} "
            f"for {poll.seats} place{'s' if poll.seats != 1 else ''}, and the count cannot fill "
            "more places than there are candidates. Ask the returning officer to cancel the "
            "election instead."
        )
    if poll.status == S.OPEN:
        return {"on_ballot_paper": True, "position": mine.position, "label": mine.label}
    mine.delete()
    # One row at a time, in order, so no two choices ever share a position (the constraint
    # is checked row by row on PostgreSQL).
    for choice in choices:
        if choice.position > mine.position:
            Choice.objects.filter(pk=choice.pk).update(position=choice.position - 1)
    return {
        "on_ballot_paper": False,
        "choices": [c.label for c in choices if c.pk != mine.pk],
    }
