"""Meetings in the JSON API: the public record of meetings and divisions, and voting.

Reads are public. Voting uses a personal access token with the "vote" scope, or the member's
browser session (with Django's CSRF check), the same door as the phone page; the same service.
"""

from __future__ import annotations

from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from openassembly.api.auth import Anyone, member_auth
from openassembly.api.errors import READ, refusals
from openassembly.core.access import require_member
from openassembly.core.errors import NotFound
from openassembly.core.models import Organisation
from openassembly.meetings import selectors, services
from openassembly.meetings.access import access_division, access_meeting
from openassembly.members.models import Member

router = Router(tags=["meetings"])


class MeetingOut(Schema):
    id: int
    body: str
    number: int
    title: str
    status: str
    starts_at: str
    place: str
    online: bool
    short_notice: bool
    notice_rule: str
    notice: str


class DivisionOut(Schema):
    id: int
    meeting: int
    number: int
    motion: str
    method: str
    status: str
    eligible: int
    voted: int
    votes_for: int | None
    against: int | None
    abstain: int | None
    weighted: list[str] | None
    carried: bool | None
    majority_rule: str
    reason: str
    named_votes: list[dict] | None


class VoteIn(Schema):
    choice: Literal["for", "against", "abstain"]
    for_member: int | None = None


class VoteOut(Schema):
    recorded: int


def _meeting(meeting) -> dict:
    return {
        "id": meeting.pk,
        "body": meeting.body.key,
        "number": meeting.number,
        "title": meeting.title,
        "status": meeting.status,
        "starts_at": meeting.starts_at.isoformat(),
        "place": meeting.place,
        "online": bool(meeting.online_url),
        "short_notice": meeting.short_notice,
        "notice_rule": meeting.notice_rule,
        "notice": meeting.notice_reason,
    }


@router.get("/o/{org}/meetings", response={200: list[MeetingOut], **refusals(*READ)},
            auth=Anyone())
def list_meetings(request, org: str):
    organisation = get_object_or_404(Organisation, slug=org)
    return [_meeting(m) for m in selectors.meetings(organisation)[:500]]


@router.get("/o/{org}/meetings/{meeting_id}",
            response={200: MeetingOut, **refusals(*READ, 422)}, auth=Anyone())
def get_meeting(request, org: str, meeting_id: int):
    return _meeting(access_meeting(request.viewer, meeting_id))


@router.get("/o/{org}/divisions/{division_id}",
            response={200: DivisionOut, **refusals(*READ, 422)}, auth=Anyone())
def get_division(request, org: str, division_id: int):
    division = access_division(request.viewer, division_id)
    item = division.motion.item
    private = item.is_private
    hide_outcome = division.is_open or (private and not item.private_outcome_public)
    named = None
    if not division.is_open and not private and division.method in ("named", "card"):
        named = [
            {
                "member": v.member.name,
                "choice": v.choice,
                "cast_by": v.cast_by.name if v.by_proxy else None,
            }
            for v in selectors.named_votes(division)
        ]
    status = selectors.division_status(division)
    return {
        "id": division.pk,
        "meeting": division.meeting_id,
        "number": division.number,
        "motion": "(private business)" if private else division.motion.title,
        "method": division.method,
        "status": division.status,
        "eligible": division.eligible,
        "voted": status["voted"],
        "votes_for": None if hide_outcome else division.votes_for,
        "against": None if hide_outcome else division.against,
        "abstain": None if hide_outcome else division.abstain,
        "weighted": None
        if hide_outcome or not division.weighted_for
        else [division.weighted_for, division.weighted_against, division.weighted_abstain],
        "carried": None if hide_outcome else division.carried,
        "majority_rule": division.majority_rule,
        "reason": "" if hide_outcome else division.result_reason,
        "named_votes": named,
    }


@router.post("/o/{org}/divisions/{division_id}/vote",
             response={200: VoteOut, **refusals(400, 401, 403, 404, 409, 422)},
             auth=member_auth("vote"), url_name="cast_vote")
def vote(request, org: str, division_id: int, payload: VoteIn):
    """Vote with a token with the "vote" scope, or the member's browser session and CSRF
    token. ``for_member`` casts a proxy's
    vote for the member named, where the constitution lets proxies split their votes."""
    member = require_member(request.viewer)
    for_member = None
    if payload.for_member is not None:
        for_member = Member.objects.filter(organisation=request.organisation,
                                           pk=payload.for_member).first()
        if for_member is None:
            raise NotFound("No such member.")
    # The service reads the division itself, under its lock and within the member's
    # organisation: a lookup here would be a round trip of its own for nothing.
    return {"recorded": services.cast_vote(member, division=division_id, choice=payload.choice,
                                           for_member=for_member)}
