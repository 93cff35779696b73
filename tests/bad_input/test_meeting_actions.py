"""The bad-input corpus for meeting actions over HTTP: every action a meeting page posts to,
sent malformed (fields missing, wrong types, huge strings, NUL bytes, bytes that are not
UTF-8, impossible dates, negative and huge numbers, another organisation's ids), by the chair
and by an ordinary delegate. None may be a server error; each refusal is a page that says
what is wrong; and a refusal changes nothing (no row, no ledger event).

Every failure is collected before the test fails, so one run lists every cause at once.
"""

from __future__ import annotations

from urllib.parse import quote

from django.urls import reverse

from openassembly.core.actors import System
from openassembly.core.models import LedgerEvent
from openassembly.core.services import create_organisation
from openassembly.meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    Motion,
    Paper,
    PaperVersion,
    PointOfOrder,
    Speech,
)
from openassembly.meetings.tests.test_pages import login
from openassembly.meetings.views.actions import ACTIONS
from openassembly.rules import examples

HUGE_NUMBER = "9" * 30
HUGE_TEXT = "A" * 120_000
NUL = "bad\x00text"

# What each action reads from the form, by kind of value.
ID, TEXT, NUMBER, DATE, CHOICE = "id", "text", "number", "date", "choice"
FIELDS: dict[str, dict[str, str]] = {
    "add-item": {"title": TEXT, "description": TEXT},
    "take-private": {"item": ID, "ground": CHOICE},
    "paper": {"item": ID, "paper": ID, "title": TEXT, "markdown": TEXT},
    "withhold-paper": {"version": ID, "ground": CHOICE},
    "open-meeting": {},
    "close-meeting": {},
    "attend": {"mode": CHOICE},
    "apologies": {},
    "record-attendance-many": {"mode-1": CHOICE, "mode-x": CHOICE, "mode-99999999999": CHOICE,
                               "holder-1": ID},
    "proxy": {"holder": ID},
    "speak": {"item": ID},
    "add-speaker": {"item": ID, "member": ID},
    "start-speech": {"speech": ID},
    "end-speech": {"speech": ID},
    "move": {"item": ID, "title": TEXT, "text": TEXT, "decision_key": CHOICE,
             "amends_constitution": CHOICE, "new_constitution": TEXT},
    "second": {"motion": ID},
    "amend": {"motion": ID, "delete_text": TEXT, "insert_text": TEXT},
    "accept": {"motion": ID},
    "withdraw": {"motion": ID},
    "refer-back": {"motion": ID, "reason": TEXT},
    "approve-minutes": {"item": ID, "minutes": ID},
    "point": {"item": ID, "text": TEXT},
    "rule": {"point": ID, "ruling": CHOICE},
    "challenge": {"point": ID},
    "open-division": {"motion": ID, "method": CHOICE},
    "vote": {"division": ID, "choice": CHOICE, "for_member": ID},
    "close-division": {"division": ID},
    "hands": {"division": ID, "votes_for": NUMBER, "against": NUMBER, "abstain": NUMBER},
    "draft-minutes": {"restart": CHOICE},
    "edit-minutes": {"text": TEXT},
    "publish-minutes": {},
    "add-action": {"decision": ID, "description": TEXT, "owner": ID, "due_on": DATE},
    "complete-action": {"action": ID, "note": TEXT},
    "propose-correction": {"division": ID, "for": NUMBER, "against": NUMBER,
                           "abstain": NUMBER, "reason": TEXT},
}

BAD = {
    ID: ["abc", "-1", HUGE_NUMBER, NUL, "OTHER"],
    TEXT: ["", HUGE_TEXT, NUL],
    NUMBER: ["abc", "-5", HUGE_NUMBER],
    DATE: ["2026-02-30", "99999-01-01", NUL],
    CHOICE: ["no-such-choice", NUL],
}
# Who sends what: the chair every other action (a chair's request gets past the power checks
# to the input), the minute-taker the minutes, a delegate what only a voting member may do.
MINUTES = {"draft-minutes", "edit-minutes", "publish-minutes", "add-action", "complete-action"}
ANY_MEMBER = {"proxy", "vote", "second"}


def _snapshot() -> tuple[int, ...]:
    """The ledger's length (every act that saves writes an event in the same transaction)
    and the rows an action could half-save without one."""
    # A refused privileged act records the refusal itself (power.refused), by design.
    events = LedgerEvent.objects.exclude(kind="power.refused").count()
    return (events, *(m.objects.count() for m in (
        AgendaItem, Paper, PaperVersion, Motion, Attendance, Speech, PointOfOrder, Action)))


def test_every_meeting_action_is_in_the_corpus():
    assert set(FIELDS) == set(ACTIONS)


def test_malformed_meeting_actions_are_refused_in_words_and_change_nothing(
        sitting, seconded, organisation):
    other = create_organisation(System("other founders"), constitution_text=examples.read(
        "commonweal").replace('slug = "commonweal"', 'slug = "elsewhere"'))
    from openassembly.members.models import Member

    foreign = Member.objects.create(organisation=other, name="Far Away", email="far@example.org",
                                    joined_on=sitting.meeting.starts_at.date())
    motion = seconded()
    real = {
        "item": sitting.item.pk, "motion": motion.pk, "member": sitting.members[3].pk,
        "holder": sitting.members[4].pk,
        "for_member": sitting.members[5].pk, "owner": sitting.members[6].pk,
    }
    url = lambda name: reverse("meetings:act", kwargs={  # noqa: E731
        "org": organisation.slug, "pk": sitting.meeting.pk, "name": name})
    people = {"chair": login(sitting.chair), "minute-taker": login(sitting.secretary),
              "delegate": login(sitting.members[2])}
    for client in people.values():
        client.raise_request_exception = False
    failures: list[str] = []

    def check(who: str, name: str, label: str, response, before) -> None:
        status = response.status_code
        text = response.content.decode("utf-8", "replace")
        if status >= 500 or "Traceback" in text:
            failures.append(f"{who} {name} {label}: {status}")
        elif 400 <= status < 500:
            if "There is a problem" not in text and "<h1>" not in text:
                failures.append(f"{who} {name} {label}: {status} without a message")
            if _snapshot() != before:
                failures.append(f"{who} {name} {label}: refused ({status}) but saved something")

    for name, fields in FIELDS.items():
        base = {field: str(real.get(field, "1")) for field in fields}
        for who, client in people.items():
            if (who == "minute-taker") != (name in MINUTES) or (
                    who == "delegate" and name not in ANY_MEMBER):
                continue
            for field, kind in fields.items():
                values = [None, *BAD[kind]]
                for value in values:
                    data = dict(base)
                    if value is None:
                        data.pop(field)
                    else:
                        data[field] = str(foreign.pk) if value == "OTHER" else value
                    before = _snapshot()
                    label = f"{field}={'<missing>' if value is None else repr(value[:20])}"
                    check(who, name, label, client.post(url(name), data), before)
            # Bytes that are not UTF-8 in every field, and a hostile place to go back to.
            body = "&".join(f"{quote(f)}=%FF%FE%C0" for f in fields) or "x=%FF"
            before = _snapshot()
            check(who, name, "not UTF-8", client.generic(
                "POST", url(name), body + "&next=javascript:alert(1)",
                content_type="application/x-www-form-urlencoded"), before)
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures)
