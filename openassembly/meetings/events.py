"""The ledger events the meetings app writes: calling and running meetings, papers, motions,
divisions (votes), points of order, decisions, actions and minutes.

Meetings are named from the page's one lookup of meeting titles; motions are named by their
number within the meeting and by the title the event itself carries, never looked up, because
a motion in a private item must not gain a title on the public record it did not have.
"""

from __future__ import annotations

from collections.abc import Mapping

from openassembly.core.event_text import Reading
from openassembly.core.events import EventKind, data, register, register_names

from .decision_events import KINDS as DECISION_KINDS
from .models import Attendance, Division, Mailing, Meeting, Motion

MEETING = data("the meeting's number on this install", names="meeting")


def _meeting(e: Reading) -> str:
    return e.titled("meeting", "meeting")


def _method(value: str) -> str:
    try:
        return Division.Method(value).label
    except ValueError:
        return value


def _motion_kind(value: str) -> str:
    try:
        return Motion.Kind(value).label
    except ValueError:
        return value


def _mode(e: Reading) -> str:
    mode = e["mode"]
    if mode == Attendance.Mode.APOLOGIES:
        return f"{e.who} recorded apologies from {e['name']} for {_meeting(e)}"
    role = " as an observer" if e.get("role") == Attendance.Role.OBSERVER else ""
    how = "online" if mode == Attendance.Mode.ONLINE else "in person"
    if e.actor == e["name"]:
        return f"{e['name']} signed in at {_meeting(e)}, {how}{role}"
    return f"{e.who} recorded {e['name']} present {how}{role} at {_meeting(e)}"


def _called(e: Reading) -> str:
    text = (f"{e.who} called a meeting of the {e.name('body', 'body')} for "
            f"{e.when(e['starts_at'])}")
    if e.has("place"):
        text += f" at {e['place']}"
    if e.get("short_notice"):
        text += ", at short notice"
    return text


def _vote(e: Reading) -> str:
    where = f"division {e['division']} of {_meeting(e)}"
    if "choice" not in e.data:
        # Ledgers written before secret votes stopped writing a per-voter event hold these.
        return f"{e.who} voted by secret ballot in {where}"
    verb = {"for": "voted for the motion", "against": "voted against the motion",
            "abstain": "abstained"}[e["choice"]]
    proxies = e.get("for") or []
    held = f", casting the proxy vote of {e.listing(proxies)} too" if proxies else ""
    return f"{e.who} {verb} in {where}{held}"


def _closed(e: Reading) -> str:
    where = f"division {e['division']} of {_meeting(e)}"
    if e.get("withheld"):
        return f"{e.who} closed {where}; the result is withheld (a private item)"
    if "carried" not in e.data:
        return f"{e.who} closed {where}"
    outcome = "carried" if e["carried"] else "lost"
    return (f"{e.who} closed {where}: {e['for']} for, {e['against']} against, "
            f"{e['abstain']} abstaining; {outcome}")


def _corrected(e: Reading) -> str:
    before, after = e["before"], e["after"]
    return (f"{e.who} corrected the result of division {e['division']} of {_meeting(e)} from "
            f"{before['for']}–{before['against']}–{before['abstain']} to "
            f"{after['for']}–{after['against']}–{after['abstain']} "
            f"(for–against–abstain): {e['reason']}")


def _moved(e: Reading) -> str:
    kind = _motion_kind(e["kind"])
    title = " in a private item" if e.get("private") else f" {e.quoted(e['title'])}"
    return f"{e.who} moved {kind} {e['number']}{title} at {_meeting(e)}"


def _circulated(e: Reading) -> str:
    text = (f"{e.who} circulated the paper {e.quoted(e['title'])} (version {e['version']}) "
            f"for {_meeting(e)}")
    return text + (", late" if e.get("late") else "")


def _mailed(e: Reading) -> str:
    failed = "; the rest failed" if e["status"] == Mailing.Status.FAILED else ""
    return (f"Notice of paper {e['paper']} (version {e['version']}) for {_meeting(e)} went to "
            f"{e['sent']} of {e.count(e['of'], 'member')}{failed}")


def _notice_mailed(e: Reading) -> str:
    what = {"notice": "The notice of", "postponed": "News of the postponement of",
            "cancelled": "News of the cancellation of"}.get(e["what"], "Mail about")
    failed = "; the rest failed" if e["status"] == Mailing.Status.FAILED else ""
    return f"{what} {_meeting(e)} went to {e['sent']} of {e.count(e['of'], 'member')}{failed}"


KINDS = (
    EventKind(
        kind="meeting.called",
        label="Meeting called",
        meaning="A meeting of a body was called: when and where, who chairs, the notice given "
                "and the agenda.",
        fields={
            "meeting": MEETING,
            "body": data("the body's key", names="body"),
            "number": data("the body's own count of its meetings"),
            "title": data("the meeting's title"),
            "starts_at": data("when it starts (ISO 8601)"),
            "place": data("where, or empty for online only"),
            "online": data("whether members can join online"),
            "chair": data("the chair's name"),
            "minute_taker": data("the minute-taker's name"),
            "short_notice": data("whether it was called at less than the full notice"),
            "urgency_reason": data("why, when at short notice"),
            "urgent_matter": data("the urgent item, when at short notice"),
            "notice_rule": data("the rule that sets the notice period"),
            "notice": data("how the notice given meets that rule, in words"),
            "agenda": data("the agenda items' titles, in order"),
            "requisition": data("the requisition it answers, when called on one",
                                optional=True),
        },
        sentence=_called,
        example={"meeting": 12, "body": "organising-group", "number": 4,
                 "title": "Organising Group, December", "starts_at": "2026-12-16T19:00:00+00:00",
                 "place": "Friends Meeting House", "online": True, "chair": "Morwen Ashby",
                 "minute_taker": "Idris Vaughan", "short_notice": False, "urgency_reason": "",
                 "urgent_matter": "", "notice_rule": "8.2",
                 "notice": "14 days' notice given; rule 8.2 asks for 7",
                 "agenda": ["Apologies", "Day of action plan"]},
    ),
    EventKind(
        kind="meeting.opened",
        label="Meeting opened",
        meaning="The chair opened the meeting: it is in session.",
        fields={"meeting": MEETING},
        sentence=lambda e: f"{e.who} opened {_meeting(e)}",
        example={"meeting": 12},
    ),
    EventKind(
        kind="meeting.closed",
        label="Meeting closed",
        meaning="The chair closed the meeting.",
        fields={"meeting": MEETING},
        sentence=lambda e: f"{e.who} closed {_meeting(e)}",
        example={"meeting": 12},
    ),
    EventKind(
        kind="meeting.cancelled",
        label="Meeting cancelled",
        meaning="A called meeting was cancelled before it opened.",
        fields={"meeting": MEETING, "reason": data("why, as published"),
                "rule": data("the rule that says who may cancel a meeting", optional=True)},
        sentence=lambda e: f"{e.who} cancelled {_meeting(e)}: {e['reason']}",
        example={"meeting": 12, "reason": "The venue flooded", "rule": "6.9"},
    ),
    EventKind(
        kind="meeting.postponed",
        label="Meeting postponed",
        meaning="A called meeting was moved to a later date by whom the constitution names.",
        fields={"meeting": MEETING, "reason": data("why, as published"),
                "from": data("when it was to start (ISO 8601)"),
                "to": data("when it now starts (ISO 8601)"),
                "rule": data("the rule that says who may postpone a meeting")},
        sentence=lambda e: (f"{e.who} postponed {_meeting(e)} from {e.when(e['from'])} to "
                            f"{e.when(e['to'])}: {e['reason']}"),
        example={"meeting": 12, "reason": "The venue flooded",
                 "from": "2026-12-16T19:00:00+00:00", "to": "2026-12-23T19:00:00+00:00",
                 "rule": "6.9"},
    ),
    EventKind(
        kind="meeting.mailed",
        label="Meeting notice mailed",
        meaning="The members of a body were emailed the notice of a meeting, or that it was "
                "postponed or cancelled.",
        fields={
            "meeting": MEETING,
            "what": data("notice, postponed or cancelled"),
            "sent": data("emails sent"),
            "of": data("emails to send"),
            "status": data("the mail run's status: sent or failed"),
        },
        sentence=_notice_mailed,
        example={"meeting": 12, "what": "notice", "sent": 30, "of": 30, "status": "done"},
    ),
    EventKind(
        kind="requisition.started",
        label="Requisition started",
        meaning="A member started a requisition requiring a body (or all members) to meet, "
                "and signed it.",
        fields={
            "requisition": data("the requisition's number"),
            "body": data("the body's key", names="body"),
            "rule": data("the rule the requisition is made under"),
            "purpose": data("what the meeting is for"),
            "needed": data("signatures needed"),
            "of": data("members of the body when it was started"),
        },
        sentence=lambda e: (f"{e.who} started requisition {e['requisition']} for a meeting of "
                            f"the {e.name('body', 'body')} under rule {e['rule']} "
                            f"({e['needed']} of {e.count(e['of'], 'member')} needed): "
                            f"{e['purpose']}"),
        example={"requisition": 3, "body": "coordinating-group", "rule": "6.8",
                 "purpose": "To discuss the campaign budget", "needed": 9, "of": 34},
    ),
    EventKind(
        kind="requisition.signed",
        label="Requisition signed",
        meaning="A member signed a requisition for a meeting.",
        fields={
            "requisition": data("the requisition's number"),
            "signatures": data("signatures so far"),
            "needed": data("signatures needed"),
        },
        sentence=lambda e: (f"{e.who} signed requisition {e['requisition']} "
                            f"({e['signatures']} of {e['needed']})"),
        example={"requisition": 3, "signatures": 4, "needed": 9},
    ),
    EventKind(
        kind="requisition.complete",
        label="Requisition complete",
        meaning="A requisition reached the signatures its rule needs: the meeting must be "
                "called by the date given, or the members who signed may call it.",
        fields={
            "requisition": data("the requisition's number"),
            "body": data("the body's key", names="body"),
            "rule": data("the rule the requisition is made under"),
            "signatures": data("signatures needed, now reached"),
            "call_by": data("by when the officers must call the meeting (ISO 8601)"),
            "at_once": data("whether the members who signed may call it at once"),
        },
        sentence=lambda e: (f"Requisition {e['requisition']} of the {e.name('body', 'body')} "
                            f"reached its {e['signatures']} signatures (rule {e['rule']}): "
                            + ("the members who signed may call the meeting now"
                               if e['at_once'] else
                               f"the meeting must be called by {e.when(e['call_by'])}")),
        example={"requisition": 3, "body": "coordinating-group", "rule": "6.8",
                 "signatures": 9, "call_by": "2026-12-20T10:00:00+00:00", "at_once": False},
    ),
    EventKind(
        kind="meeting.attendance",
        label="Attendance recorded",
        meaning="Someone was recorded as present (in person or online) or as sending apologies.",
        fields={
            "meeting": MEETING,
            "member": data("the attendee's member number"),
            "name": data("the attendee's name (attendance is public)"),
            "mode": data("in-person, online or apologies"),
            "role": data("member (may vote) or observer"),
        },
        sentence=_mode,
        example={"meeting": 12, "member": 9, "name": "Ffion Rees", "mode": "in-person",
                 "role": "member"},
    ),
    EventKind(
        kind="meeting.proxy",
        label="Proxy appointed",
        meaning="A member appointed another to vote for them at a meeting.",
        fields={
            "meeting": MEETING,
            "appointer": data("the name of the member appointing a proxy"),
            "holder": data("the name of the proxy"),
            "rule": data("the rule that allows proxies"),
        },
        sentence=lambda e: (f"{e['appointer']} appointed {e['holder']} as their proxy at "
                            f"{_meeting(e)}"),
        example={"meeting": 12, "appointer": "Ffion Rees", "holder": "Morwen Ashby",
                 "rule": "9.4"},
    ),
    EventKind(
        kind="agenda.item_added",
        label="Agenda item added",
        meaning="An item was added to a meeting's agenda after the notice went out (by an "
                "organiser, or because a petition required it).",
        fields={
            "meeting": MEETING,
            "item": data("the item's number on this install"),
            "position": data("its place on the agenda"),
            "title": data("its title"),
            "after_notice": data("true: added after the notice went out"),
            "petition": data("the petition that required it", optional=True),
        },
        sentence=lambda e: (
            f"{e.who} added item {e['position']}, {e.quoted(e['title'])}, to the agenda of "
            f"{_meeting(e)} after notice"
        ),
        example={"meeting": 12, "item": 40, "position": 5, "title": "Fees report",
                 "after_notice": True},
    ),
    EventKind(
        kind="agenda.item_private",
        label="Item taken in private",
        meaning="An agenda item was taken in private, on a ground the constitution allows.",
        fields={
            "meeting": MEETING,
            "item": data("the item's number on this install"),
            "title": data("its title"),
            "ground": data("the ground, as the constitution names it"),
            "rule": data("the rule that allows it"),
            "outcome_public": data("whether the outcome is still published"),
        },
        sentence=lambda e: (
            f"{e.who} took the item {e.quoted(e['title'])} at {_meeting(e)} in private "
            f"({e['ground']}, rule {e['rule']})"
        ),
        example={"meeting": 12, "item": 41, "title": "Staffing", "ground": "staff matters",
                 "rule": "10.1", "outcome_public": True},
    ),
    EventKind(
        kind="speakers.added",
        label="Speaker added",
        meaning="Someone was added to the speakers' list of an agenda item.",
        fields={
            "meeting": MEETING,
            "item": data("the item's number on this install"),
            "speaker": data("the speaker's name"),
        },
        sentence=lambda e: (
            f"{e['speaker']} asked to speak at {_meeting(e)}" if e.actor == e["speaker"]
            else f"{e.who} put {e['speaker']} on the speakers' list at {_meeting(e)}"
        ),
        example={"meeting": 12, "item": 40, "speaker": "Ffion Rees"},
    ),
    EventKind(
        kind="speakers.started",
        label="Speech started",
        meaning="The chair called a speaker.",
        fields={
            "meeting": MEETING,
            "item": data("the item's number on this install"),
            "speaker": data("the speaker's name"),
            "limit_seconds": data("the time allowed, in seconds, or null"),
        },
        sentence=lambda e: f"{e.who} called {e['speaker']} to speak at {_meeting(e)}",
        example={"meeting": 12, "item": 40, "speaker": "Ffion Rees", "limit_seconds": 180},
    ),
    EventKind(
        kind="speakers.ended",
        label="Speech ended",
        meaning="A speaker finished.",
        fields={
            "meeting": MEETING,
            "item": data("the item's number on this install"),
            "speaker": data("the speaker's name"),
            "seconds": data("how long they spoke"),
            "overran": data("whether they went over the time allowed"),
        },
        sentence=lambda e: (f"{e['speaker']} spoke for {e.duration(e['seconds'])} at "
                            f"{_meeting(e)}" + (", over time" if e.get("overran") else "")),
        example={"meeting": 12, "item": 40, "speaker": "Ffion Rees", "seconds": 170,
                 "overran": False},
    ),
    EventKind(
        kind="paper.circulated",
        label="Paper circulated",
        meaning="A paper (or a new version of it) was circulated for a meeting.",
        fields={
            "meeting": MEETING,
            "paper": data("the paper's number on this install"),
            "title": data("its title"),
            "version": data("the version number"),
            "kind": data("markdown, pdf, docx or odt"),
            "sha256": data("SHA-256 of the version's content"),
            "late": data("whether it went out later than the rules ask"),
            "rule": data("the rule on circulating papers"),
            "reason": data("how its timing meets (or misses) that rule, in words"),
            "to_members": data("whether every member is told of it"),
            "members_rule": data("the rule that says so, or empty"),
        },
        sentence=_circulated,
        example={"meeting": 12, "paper": 8, "title": "Fees report", "version": 1,
                 "kind": "markdown", "sha256": "e3b0…", "late": False, "rule": "8.5",
                 "reason": "circulated 10 days before; rule 8.5 asks for 5",
                 "to_members": False, "members_rule": ""},
    ),
    EventKind(
        kind="paper.withheld",
        label="Paper withheld",
        meaning="A version of a paper was withheld from the public, on a ground the "
                "constitution allows.",
        fields={
            "meeting": MEETING,
            "paper": data("the paper's number on this install"),
            "version": data("the version number"),
            "ground": data("the ground"),
            "rule": data("the rule that allows it"),
        },
        sentence=lambda e: (f"{e.who} withheld version {e['version']} of paper {e['paper']} for "
                            f"{_meeting(e)} ({e['ground']}, rule {e['rule']})"),
        example={"meeting": 12, "paper": 8, "version": 1, "ground": "legal advice",
                 "rule": "10.1"},
    ),
    EventKind(
        kind="paper.mailed",
        label="Paper mailed",
        meaning="Members were emailed that a paper was circulated.",
        fields={
            "meeting": MEETING,
            "paper": data("the paper's number on this install"),
            "version": data("the version number"),
            "sent": data("emails sent"),
            "of": data("emails to send"),
            "status": data("the mail run's status: sent or failed"),
        },
        sentence=_mailed,
        example={"meeting": 12, "paper": 8, "version": 1, "sent": 120, "of": 120,
                 "status": "done"},
    ),
    EventKind(
        kind="motion.moved",
        label="Motion moved",
        meaning="A motion, amendment, reference back, challenge or minutes approval was moved.",
        fields={
            "meeting": MEETING,
            "motion": data("the motion's number on this install"),
            "number": data("its number within the meeting"),
            "kind": data("substantive, amendment, reference-back, challenge or minutes"),
            "title": data("its title"),
            "parent": data("the motion it amends or refers back, or null"),
            "private": data("whether it is in a private item"),
        },
        sentence=_moved,
        example={"meeting": 12, "motion": 31, "number": 2, "kind": "substantive",
                 "title": "A day of action for clean air", "parent": None, "private": False},
    ),
    EventKind(
        kind="motion.seconded",
        label="Motion seconded",
        meaning="A motion was seconded.",
        fields={"meeting": MEETING, "motion": data("the motion's number on this install"),
                "number": data("its number within the meeting")},
        sentence=lambda e: f"{e.who} seconded motion {e['number']} at {_meeting(e)}",
        example={"meeting": 12, "motion": 31, "number": 2},
    ),
    EventKind(
        kind="motion.accepted",
        label="Amendment accepted",
        meaning="The mover accepted an amendment into their motion without a vote.",
        fields={"meeting": MEETING, "motion": data("the amendment's number on this install"),
                "number": data("its number within the meeting")},
        sentence=lambda e: f"{e.who} accepted amendment {e['number']} at {_meeting(e)}",
        example={"meeting": 12, "motion": 32, "number": 3},
    ),
    EventKind(
        kind="motion.withdrawn",
        label="Motion withdrawn",
        meaning="The mover withdrew a motion.",
        fields={"meeting": MEETING, "motion": data("the motion's number on this install"),
                "number": data("its number within the meeting")},
        sentence=lambda e: f"{e.who} withdrew motion {e['number']} at {_meeting(e)}",
        example={"meeting": 12, "motion": 31, "number": 2},
    ),
    EventKind(
        kind="order.raised",
        label="Point of order raised",
        meaning="A member raised a point of order.",
        fields={
            "meeting": MEETING,
            "point": data("the point's number on this install"),
            "text": data("the point, as raised"),
            "online": data("whether it was raised online"),
        },
        sentence=lambda e: f"{e.who} raised a point of order at {_meeting(e)}: {e['text']}",
        example={"meeting": 12, "point": 3, "text": "The meeting is not quorate",
                 "online": False},
    ),
    EventKind(
        kind="order.ruled",
        label="Point of order ruled on",
        meaning="The chair ruled on a point of order.",
        fields={
            "meeting": MEETING,
            "point": data("the point's number on this install"),
            "ruling": data("the chair's ruling"),
        },
        sentence=lambda e: f"{e.who} ruled on a point of order at {_meeting(e)}: {e['ruling']}",
        example={"meeting": 12, "point": 3, "ruling": "Quorum is 5; 7 are present."},
    ),
    EventKind(
        kind="division.opened",
        label="Vote opened",
        meaning="The chair put a motion to the vote (a division), by a stated method.",
        fields={
            "meeting": MEETING,
            "division": data("the division's number within the meeting"),
            "motion": data("the motion's number on this install"),
            "title": data("the motion's title"),
            "method": data("named, hands, secret or card"),
            "eligible": data("how many may vote"),
            "quorum": data("why the meeting is quorate, in words"),
            "majority_rule": data("the rule that sets the majority needed"),
        },
        sentence=lambda e: (
            f"{e.who} opened division {e['division']} of {_meeting(e)} on "
            f"{e.quoted(e['title'])} by {_method(e['method'])} "
            f"({e.count(e['eligible'], 'voter')} eligible)"
        ),
        example={"meeting": 12, "division": 1, "motion": 31,
                 "title": "A day of action for clean air", "method": "named", "eligible": 8,
                 "quorum": "7 present; quorum is 5", "majority_rule": "9.1"},
    ),
    EventKind(
        kind="division.vote",
        label="Vote cast",
        meaning="A vote in a named, show-of-hands or card division: the voter and their choice "
                "(and anyone they voted for by proxy). A secret ballot writes no event per voter.",
        fields={
            "meeting": MEETING,
            "division": data("the division's number within the meeting"),
            "choice": data("for, against or abstain"),
            "for": data("names of members this vote was also cast for by proxy"),
        },
        sentence=_vote,
        example={"meeting": 12, "division": 1, "choice": "for", "for": ["Ffion Rees"]},
    ),
    EventKind(
        kind="division.closed",
        label="Vote closed",
        meaning="The chair closed a division and the result was declared (withheld for a "
                "private item whose outcome is not public).",
        fields={
            "meeting": MEETING,
            "division": data("the division's number within the meeting"),
            "motion": data("the motion's number on this install"),
            "method": data("named, hands, secret or card"),
            "withheld": data("true when the result is withheld", optional=True),
            "for": data("votes for", optional=True),
            "against": data("votes against", optional=True),
            "abstain": data("abstentions", optional=True),
            "weighted": data("weighted for, against and abstain (card votes), or null",
                             optional=True),
            "carried": data("whether the motion carried", optional=True),
            "rule": data("the rule that set the majority", optional=True),
            "reason": data("why it carried or fell, in words", optional=True),
        },
        sentence=_closed,
        example={"meeting": 12, "division": 1, "motion": 31, "method": "named", "for": 6,
                 "against": 1, "abstain": 1, "weighted": None, "carried": True, "rule": "9.1",
                 "reason": "6 for is more than half of 7 voting"},
    ),
    EventKind(
        kind="division.corrected",
        label="Vote result corrected",
        meaning="A recorded result was corrected by two officers (proposed and confirmed).",
        fields={
            "meeting": MEETING,
            "division": data("the division's number within the meeting"),
            "before": data("the counts and outcome before the correction"),
            "after": data("the counts and outcome after it"),
            "reason": data("why, as published"),
        },
        sentence=_corrected,
        example={"meeting": 12, "division": 1,
                 "before": {"for": 6, "against": 1, "abstain": 1, "carried": True},
                 "after": {"for": 5, "against": 2, "abstain": 1, "carried": True},
                 "reason": "One vote was recorded against the wrong name"},
    ),
    EventKind(
        kind="decision.recorded",
        label="Decision recorded",
        meaning="A carried motion became a numbered decision of the body.",
        fields={
            "decision": data("the decision's number"),
            "meeting": MEETING,
            "motion": data("the motion's number on this install"),
            "title": data("the motion's title, or (withheld)"),
            "division": data("the division that carried it, or null"),
        },
        sentence=lambda e: (
            f"Decision {e['decision']} recorded at {_meeting(e)}"
            + (" (its subject is withheld)" if e["title"] == "(withheld)"
               else f": {e.quoted(e['title'])}")
        ),
        example={"decision": 17, "meeting": 12, "motion": 31,
                 "title": "A day of action for clean air", "division": 1},
    ),
    EventKind(
        kind="action.added",
        label="Action set",
        meaning="An action was set to carry out a decision, with an owner and a due date.",
        fields={
            "decision": data("the decision's number"),
            "action": data("the action's number on this install"),
            "description": data("what is to be done"),
            "owner": data("the name of who is to do it"),
            "due_on": data("when it is due (ISO date)"),
        },
        sentence=lambda e: (f"{e.who} set an action on decision {e['decision']} for "
                            f"{e['owner']}, due {e.date(e['due_on'])}: {e['description']}"),
        example={"decision": 17, "action": 4, "description": "Book the square",
                 "owner": "Ffion Rees", "due_on": "2027-01-10"},
    ),
    EventKind(
        kind="action.done",
        label="Action done",
        meaning="An action was marked done.",
        fields={
            "action": data("the action's number on this install"),
            "done_on": data("when it was done (ISO date)"),
            "late": data("whether after its due date"),
        },
        sentence=lambda e: (f"{e.who} marked action {e['action']} done on "
                            f"{e.date(e['done_on'])}" + (", late" if e.get("late") else "")),
        example={"action": 4, "done_on": "2027-01-08", "late": False},
    ),
    EventKind(
        kind="minutes.drafted",
        label="Minutes drafted",
        meaning="Draft minutes of a meeting were started.",
        fields={"meeting": MEETING},
        sentence=lambda e: f"{e.who} started the minutes of {_meeting(e)}",
        example={"meeting": 12},
    ),
    EventKind(
        kind="minutes.edited",
        label="Minutes edited",
        meaning="The draft minutes were edited.",
        fields={"meeting": MEETING, "sha256": data("SHA-256 of the new draft's text")},
        sentence=lambda e: f"{e.who} edited the draft minutes of {_meeting(e)}",
        example={"meeting": 12, "sha256": "9c1d…"},
    ),
    EventKind(
        kind="minutes.published",
        label="Minutes published",
        meaning="The minutes were published (for approval at the next meeting).",
        fields={"meeting": MEETING, "sha256": data("SHA-256 of the published text")},
        sentence=lambda e: f"{e.who} published the minutes of {_meeting(e)}",
        example={"meeting": 12, "sha256": "9c1d…"},
    ),
)


def _meeting_titles(organisation, ids: set) -> Mapping[int, str]:
    return dict(Meeting.objects.filter(organisation=organisation, pk__in=ids)
                .order_by().values_list("pk", "title"))


def register_kinds() -> None:
    register("meetings", *KINDS, *DECISION_KINDS)
    register_names("meeting", _meeting_titles, fallback=lambda pk: f"meeting {pk}",
                   example='Organising Group, December')
