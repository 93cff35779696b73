"""Stages: what a row's object must have been through before its rightful user can act.

The demo holds each thing at one stage (a meeting called, a division closed, a petition
open); a row whose action needs another stage gets it here, prepared inside the probe's own
savepoint through the services a person would use (so it is rolled back with the probe and
never leaks into another row). Each stage returns nothing: the row's target then finds the
object it made (the newest of its kind), so ids need not survive the rollback, which
PostgreSQL's sequences do not promise anyway.

The cast's general meeting (build_cast) is a meeting of all members, called with full
notice, due to start now, chaired and minuted by the secretary: the officer's own meeting to
run, and one in which the member has a vote.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from .forms import TEXT as FILLED

# The motion's text holds what the form filler types (forms.TEXT), so an amendment that
# deletes it, as the amendment form is filled in, is one the motion allows.
TEXT = f"A motion to probe who may act on it. {FILLED}"


def _meeting(cast):
    from openassembly.meetings.models import Meeting

    return Meeting.objects.get(pk=cast.assembly)


def _chair(cast):
    return cast.people["officer"]


def _others(cast, count: int) -> list:
    """Members of the roll other than the cast's, present to move and second."""
    from openassembly.members.models import Member

    mine = {p.pk for p in cast.people.values() if p is not None}
    return list(
        Member.objects.filter(organisation=cast.home, status=Member.Status.ACTIVE, user=None)
        .exclude(pk__in=mine)
        .order_by("pk")[:count]
    )


def opened(cast):
    from openassembly.meetings import services

    return services.open_meeting(_chair(cast), meeting=_meeting(cast))


def sitting(cast):
    """Open, with the chair, the member and five others of the roll signed in (a quorum of
    the 120-member roll is six)."""
    from openassembly.meetings import services

    meeting = opened(cast)
    for person in (_chair(cast), cast.people["member"], *_others(cast, 5)):
        services.attend(person, meeting=meeting, mode="in-person")
    return meeting


def _item(meeting):
    return meeting.items.order_by("position").first()


def moved(cast, *, by_member: bool = False):
    """A motion before the sitting, moved (by the member, or by one of the roll) and
    seconded by one of the roll."""
    from openassembly.meetings import services

    meeting = sitting(cast)
    first, second = _others(cast, 2)
    mover = cast.people["member"] if by_member else first
    motion = services.move_motion(mover, item=_item(meeting), title="Probe motion", text=TEXT)
    return services.second_motion(second, motion=motion)


def amended(cast):
    """The member's motion, with an amendment moved and seconded by two of the roll."""
    from openassembly.meetings import services

    motion = moved(cast, by_member=True)
    first, second = _others(cast, 2)
    amendment = services.move_amendment(
        first, motion=motion, delete_text="act on it", insert_text="vote on it"
    )
    return services.second_motion(second, motion=amendment)


def division(cast, method: str = "named"):
    from openassembly.meetings import services

    return services.open_division(_chair(cast), motion=moved(cast), method=method)


def hands(cast):
    return division(cast, method="hands")


def decided(cast):
    """The motion carried by the five of the roll (the member and the chair do not vote)."""
    from openassembly.meetings import services

    vote = division(cast)
    for person in _others(cast, 5):
        services.cast_vote(person, division=vote, choice="for")
    return services.close_division(_chair(cast), division=vote, not_voted_confirmed=2)


def action(cast):
    """A decision with an action the member owns."""
    from openassembly.core import clock
    from openassembly.meetings import services
    from openassembly.meetings.models import Decision

    closed = decided(cast)
    decision = Decision.objects.get(motion=closed.motion)
    return services.add_action(
        _chair(cast),
        decision=decision,
        description="Probe the action",
        owner=cast.people["member"],
        due_on=clock.today() + timedelta(days=14),
    )


def closed(cast):
    from openassembly.meetings import services

    decided(cast)
    return services.close_meeting(_chair(cast), meeting=_meeting(cast))


def drafted(cast):
    from openassembly.meetings import services

    meeting = closed(cast)
    return services.draft_minutes(_chair(cast), meeting=meeting)


def asked(cast):
    from openassembly.meetings import services

    meeting = sitting(cast)
    return services.ask_to_speak(cast.people["member"], item=_item(meeting))


def speaking(cast):
    from openassembly.meetings import services

    return services.start_speech(_chair(cast), speech=asked(cast))


def pointed(cast):
    from openassembly.meetings import services

    meeting = sitting(cast)
    return services.raise_point_of_order(
        cast.people["member"], meeting=meeting, text="The motion was not circulated."
    )


def ruled(cast):
    from openassembly.meetings import services

    return services.rule_on_point(
        _chair(cast), point=pointed(cast), ruling="Motions may be moved at the meeting."
    )


def papered(cast):
    from openassembly.meetings import services

    meeting = _meeting(cast)
    return services.circulate_paper(
        _chair(cast),
        meeting=meeting,
        item=_item(meeting),
        title="Probe paper",
        markdown="A paper to probe who may withhold it.",
    )


def earlier_minutes(cast):
    """Published minutes of an earlier general meeting, for this one to approve."""
    from openassembly.bodies.models import Body
    from openassembly.core import clock
    from openassembly.meetings import services

    chair = _chair(cast)
    body = Body.objects.get(organisation=cast.home, key="members")
    held = clock.now().replace(second=0, microsecond=0) - timedelta(days=30)
    with clock.frozen_at(held - timedelta(days=20)):
        earlier = services.call_meeting(
            chair,
            organisation=cast.home,
            body=body,
            title="General meeting, spring",
            starts_at=held,
            chair=chair,
            minute_taker=chair,
            place="Eastbrook Community Centre",
            agenda=[("Reports", "")],
        )
    with clock.frozen_at(held):
        earlier = services.open_meeting(chair, meeting=earlier)
        earlier = services.close_meeting(chair, meeting=earlier)
    with clock.frozen_at(held + timedelta(days=2)):
        minutes = services.draft_minutes(chair, meeting=earlier)
        services.publish_minutes(chair, minutes=minutes)


def _second(cast):
    """A motion moved by one of the roll and not yet seconded."""
    from openassembly.meetings import services

    meeting = sitting(cast)
    first = _others(cast, 1)[0]
    return services.move_motion(first, item=_item(meeting), title="Probe motion", text=TEXT)


# Meeting action -> the stage its rightful user needs (the cast's general meeting).
MEETING_STAGES: dict[str, Callable] = {
    "close-meeting": sitting,
    "record-attendance-many": opened,
    "attend": opened,
    "speak": sitting,
    "add-speaker": sitting,
    "start-speech": asked,
    "end-speech": speaking,
    "move": sitting,
    "second": _second,
    "amend": moved,
    "accept": amended,
    "withdraw": lambda cast: moved(cast, by_member=True),
    "refer-back": moved,
    "point": sitting,
    "rule": pointed,
    "challenge": ruled,
    "open-division": moved,
    "vote": division,
    "close-division": division,
    "hands": hands,
    "draft-minutes": closed,
    "edit-minutes": drafted,
    "publish-minutes": drafted,
    "add-action": decided,
    "complete-action": action,
    "propose-correction": decided,
    "withhold-paper": papered,
    "approve-minutes": earlier_minutes,
}

# Meeting action -> the page its form is on, when not the meeting's own.
MEETING_PAGES: dict[str, str] = {
    "vote": "meetings/{pk}/live/",
    "record-attendance-many": "meetings/{pk}/attendance/",
    "edit-minutes": "meetings/{pk}/minutes/",
    "complete-action": "decisions/",
    "propose-correction": "divisions/{division}/",
}


def _newest(model, **where):
    return model.objects.filter(**where).order_by("-pk").first()


def _close_confirm(cast):
    # The chair's confirming step: the console's form names how many have not voted.
    from openassembly.meetings.models import Division, Elector

    vote = _newest(Division, meeting_id=cast.assembly)
    return None, {"confirm": str(Elector.objects.filter(division=vote, voted=False).count())}


def _add_speaker(cast):
    # No page offers this form (the console adds speakers by the API's door); the chair's
    # request names the item and the member.
    from openassembly.meetings.models import AgendaItem

    item = _newest(AgendaItem, meeting_id=cast.assembly, position=1)
    return {"item": item.pk, "member": cast.people["member"].pk}, None


def _withhold(cast):
    from openassembly.meetings.models import PaperVersion

    version = _newest(PaperVersion, paper__meeting_id=cast.assembly)
    ground = cast.home.constitution.private_business[0].key
    return {"version": version.pk if version else 0, "ground": ground}, None


def _correct(cast):
    # The division's page shows the recorded figures; the officer types the corrected ones.
    from openassembly.meetings.models import Division

    vote = _newest(Division, meeting_id=cast.assembly)
    return None, {"for": str(vote.votes_for - 1), "against": str(vote.against + 1)}


def _mark(cast):
    # The attendance page lists the roll with no mode chosen; the officer marks the member.
    return None, {f"mode-{cast.people['member'].pk}": "in-person"}


# Meeting action -> (data sent as is, or fields added to the page's form), for actions whose
# form no page shows whole.
MEETING_DATA: dict[str, Callable] = {
    "close-meeting": lambda cast: (None, {"confirm": "close"}),
    "close-division": _close_confirm,
    "add-speaker": _add_speaker,
    "withhold-paper": _withhold,
    "propose-correction": _correct,
    "record-attendance-many": _mark,
}


def build_assembly(home, secretary) -> int:
    """The cast's general meeting of all members (see the module's docstring)."""
    from openassembly.bodies.models import Body
    from openassembly.core import clock
    from openassembly.meetings import services

    body = Body.objects.get(organisation=home, key="members")
    starts = clock.now().replace(second=0, microsecond=0) + timedelta(minutes=5)
    with clock.frozen_at(starts - timedelta(days=20)):
        meeting = services.call_meeting(
            secretary,
            organisation=home,
            body=body,
            title="General meeting of members",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            place="Eastbrook Community Centre",
            chair=secretary,
            minute_taker=secretary,
            agenda=[("Motions from members", ""), ("Any other business", "")],
        )
    return meeting.pk


def token(cast):
    """An API token the member made for themselves."""
    from openassembly.accounts.services_tokens import create_token

    create_token(cast.people["member"], name="Probe phone", scopes=["read"])


def proposed(cast):
    """A two-officer act awaiting a second officer: the chair proposes cancelling the next
    Organising Group meeting, for the secretary to confirm or refuse."""
    from openassembly.demo.organisation import SECOND_OFFICER_EMAIL
    from openassembly.meetings import services
    from openassembly.meetings.models import Meeting
    from openassembly.members.models import Member

    chair = Member.objects.get(organisation=cast.home, email=SECOND_OFFICER_EMAIL)
    summer = Meeting.objects.get(organisation=cast.home, title="Organising Group, summer")
    services.propose_cancellation(chair, meeting=summer, reason="The venue is double-booked.")


def requisition(cast):
    """A requisition of a general meeting, started by one of the roll, still short of
    signatures."""
    from openassembly.bodies.models import Body
    from openassembly.meetings import services

    services.start_requisition(
        _others(cast, 1)[0],
        organisation=cast.home,
        body=Body.objects.get(organisation=cast.home, key="members"),
        kind="general-meeting",
        purpose="To debate the campaign plan.",
    )


def _nominations(cast):
    from openassembly.ballots.models import Election

    return (
        Election.objects.filter(poll__organisation=cast.home, poll__status="nominations")
        .order_by("poll_id")
        .first()
    )


def standing(cast):
    """The member stands in the election taking nominations."""
    from openassembly.ballots import services

    services.stand(
        cast.people["member"], election=_nominations(cast), statement="I will probe for you."
    )


def slate(cast):
    """The member stands, and one of the roll publishes a slate for the member to sign."""
    from openassembly.ballots import services

    standing(cast)
    services.create_slate(
        _others(cast, 1)[0],
        election=_nominations(cast),
        name="Probe slate",
        platform="Fair fares for everyone.",
    )


def referendum(cast):
    """A members' ballot the returning officer has drafted, not yet open: statements for and
    against are still to be written, and its timetable may still move."""
    from openassembly.ballots import services
    from openassembly.core import clock

    opens = clock.now().replace(second=0, microsecond=0) + timedelta(days=30)
    services.create_referendum(
        _chair(cast),
        organisation=cast.home,
        question="Should the Alliance probe its own doors?",
        proposal="The Alliance tests who may act, every release.",
        options=["Yes", "No"],
        opens_at=opens,
        closes_at=opens + timedelta(days=14),
        roll_date=opens.date(),
    )


def questionnaire(cast):
    """The member stands, and one of the roll sets the candidates a questionnaire."""
    from openassembly.ballots import services

    standing(cast)
    services.create_questionnaire(
        _others(cast, 1)[0],
        election=_nominations(cast),
        title="Probe questions",
        set_by="Members for fair fares",
        questions=["Will you campaign for fair fares?"],
    )


def draw(cast):
    """A draw the returning officer has announced, its pool open for volunteers."""
    from openassembly.ballots import services

    services.announce_sortition(
        _chair(cast),
        organisation=cast.home,
        title="Probe panel",
        purpose="Three members drawn by lot review the probe.",
        places=3,
    )


# URL name -> the stage its rightful user needs.
STAGES: dict[str, Callable] = {
    "accounts:api_token_revoke": token,
    "accounts:action_decide": proposed,
    "meetings:requisition": requisition,
    "api:cast_vote": division,
    "ballots:withdraw": standing,
    "ballots:slate_sign": slate,
    "ballots:statement": referendum,
    "ballots:questionnaire": questionnaire,
    "ballots:sortition": draw,
    "ballots:schedule": referendum,
}
