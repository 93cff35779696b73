"""Calling meetings: who may, how much notice, the urgency procedure, and the agenda."""

from __future__ import annotations

from datetime import timedelta

import pytest

from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.core.models import LedgerEvent
from openassembly.meetings import services
from openassembly.meetings.models import Meeting


def _call(who, organisation, body, starts_at, **extra):
    return services.call_meeting(
        who, organisation=organisation, body=body, title="Steering", starts_at=starts_at,
        place="Room 1", **extra,
    )


def test_meeting_called_with_full_notice_is_not_short(organisation, secretary, body_of, travel,
                                                      now):
    travel.to(now)
    meeting = _call(secretary, organisation, body_of("organising-group"),
                    now + timedelta(days=7), agenda=[("Budget", "The **budget**.")])
    assert (meeting.number, meeting.short_notice, meeting.notice_rule) == (1, False, "6.2")
    assert "Rule 6.2 requires 7 days' notice" in meeting.notice_reason
    item = meeting.items.get()
    assert item.description_html == "<p>The <strong>budget</strong>.</p>\n"
    assert not item.after_notice
    event = LedgerEvent.objects.filter(kind="meeting.called").get()
    assert event.data["agenda"] == ["Budget"] and event.actor == secretary.name


def test_twenty_hours_notice_is_refused_and_nothing_is_recorded(organisation, secretary,
                                                                 body_of, travel, now):
    """The reports' steering committee met at 20 hours' notice: here it cannot be called."""
    travel.to(now)
    body = body_of("organising-group")
    with pytest.raises(InvalidInput) as usual:
        _call(secretary, organisation, body, now + timedelta(hours=20))
    assert "Rule 6.2 requires 7 days' notice" in str(usual.value)
    assert "20 hours' notice" in str(usual.value)
    assert "Rule 6.3 allows an urgent meeting" in str(usual.value)
    with pytest.raises(InvalidInput) as urgent:
        _call(secretary, organisation, body, now + timedelta(hours=20), urgent=True,
              urgency_reason="Cancel the national committee")
    assert "Rule 6.3 allows an urgent meeting at 48 hours' notice" in str(urgent.value)
    assert not Meeting.objects.exists()
    assert not LedgerEvent.objects.filter(kind="meeting.called").exists()


def test_urgent_meeting_is_flagged_short_citing_the_rule(organisation, secretary, body_of,
                                                         travel, now):
    travel.to(now)
    meeting = _call(secretary, organisation, body_of("organising-group"),
                    now + timedelta(hours=50), urgent=True, urgency_reason="The venue fell through",
                    agenda=[("A new venue", "")])
    assert meeting.short_notice and meeting.urgent
    assert meeting.notice_rule == "6.3"
    assert "Rule 6.3 allows an urgent meeting at 48 hours' notice" in meeting.notice_reason
    assert "2 days and 2 hours' notice" in meeting.notice_reason


def test_urgent_meeting_must_say_why(organisation, secretary, body_of, travel, now):
    travel.to(now)
    with pytest.raises(InvalidInput, match="must say why"):
        _call(secretary, organisation, body_of("organising-group"), now + timedelta(hours=50),
              urgent=True, urgency_reason="  ")


def test_body_without_urgency_rule_gets_no_shortcut(organisation, secretary, body_of, travel,
                                                    now):
    travel.to(now)
    with pytest.raises(InvalidInput, match="has no urgency procedure"):
        _call(secretary, organisation, body_of("conference"), now + timedelta(days=3))


def test_only_those_empowered_may_call_a_meeting(organisation, member, body_of, travel, now):
    travel.to(now)
    with pytest.raises(PowerDenied) as denied:
        _call(member, organisation, body_of("organising-group"), now + timedelta(days=8))
    assert denied.value.rule == "11.1"


def test_meeting_needs_a_place_or_link(organisation, secretary, body_of, travel, now):
    travel.to(now)
    with pytest.raises(InvalidInput, match="Say where"):
        services.call_meeting(secretary, organisation=organisation,
                              body=body_of("organising-group"), title="x",
                              starts_at=now + timedelta(days=8))


def test_meetings_are_numbered_per_body(organisation, secretary, body_of, travel, now):
    travel.to(now)
    body = body_of("organising-group")
    first = _call(secretary, organisation, body, now + timedelta(days=8))
    second = _call(secretary, organisation, body, now + timedelta(days=9), online_url="https://x.org")
    other = _call(secretary, organisation, body_of("coordinating-group"), now + timedelta(days=9))
    assert (first.number, second.number, other.number) == (1, 2, 1)


def test_item_added_after_notice_is_marked(organisation, secretary, chair, body_of, travel,
                                           now):
    travel.to(now)
    meeting = _call(secretary, organisation, body_of("organising-group"),
                    now + timedelta(days=8), chair=chair, agenda=[("One", "")])
    item = services.add_item(chair, meeting=meeting, title="Late business")
    assert (item.position, item.after_notice) == (2, True)


def test_meeting_cannot_open_days_early_and_only_the_chair_opens_it(
        organisation, secretary, chair, body_of, travel, now):
    travel.to(now)
    meeting = _call(secretary, organisation, body_of("organising-group"),
                    now + timedelta(days=8), chair=chair)
    with pytest.raises(Conflict, match="cannot open more than an hour before"):
        services.open_meeting(chair, meeting=meeting)
    travel.to(now + timedelta(days=8, minutes=-30))
    with pytest.raises(PowerDenied, match="only the chair of this meeting"):
        services.open_meeting(secretary, meeting=meeting)
    meeting = services.open_meeting(chair, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.OPEN
    with pytest.raises(Conflict, match="in session"):
        services.open_meeting(chair, meeting=meeting)


def test_one_officer_alone_cannot_cancel(organisation, secretary, body_of, travel, now):
    from openassembly.core.authority import AuthorityRefused

    travel.to(now)
    meeting = _call(secretary, organisation, body_of("organising-group"), now + timedelta(days=8))
    with pytest.raises(AuthorityRefused, match="Rule 6.9"):
        services.cancel_meeting(secretary, meeting=meeting, reason="Venue flooded")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CALLED


def _urgent(secretary, organisation, body_of, now, **extra):
    return _call(secretary, organisation, body_of("organising-group"), now + timedelta(hours=50),
                 urgent=True, urgency_reason="The venue withdrew its booking.", **extra)


def test_urgent_meeting_records_its_one_matter(organisation, secretary, body_of, travel, now):
    travel.to(now)
    meeting = _urgent(secretary, organisation, body_of, now, urgent_matter="Conference venue")
    item = meeting.items.get()
    assert (item.title, item.urgent_matter) == ("Conference venue", True)
    event = LedgerEvent.objects.get(kind="meeting.called")
    assert event.data["urgent_matter"] == "Conference venue"
    assert event.data["agenda"] == ["Conference venue"]
    # With enough notice, ticking 'urgent' changes nothing: the meeting is an ordinary one.
    ordinary = _call(secretary, organisation, body_of("organising-group"),
                     now + timedelta(days=8), urgent=True, urgency_reason="x",
                     urgent_matter="Venue", agenda=[("Budget", ""), ("AOB", "")])
    assert not ordinary.short_notice and ordinary.items.count() == 2
    assert not ordinary.items.filter(urgent_matter=True).exists()


def test_urgent_meeting_must_name_its_matter_and_nothing_else(organisation, secretary, body_of,
                                                              travel, now):
    travel.to(now)
    with pytest.raises(InvalidInput, match="Rule 6.3: .*Say what that matter is"):
        _urgent(secretary, organisation, body_of, now)
    with pytest.raises(InvalidInput) as two:
        _urgent(secretary, organisation, body_of, now,
                agenda=[("Conference venue", ""), ("Affiliation fees", "")])
    assert "Rule 6.3" in str(two.value) and "'Affiliation fees' cannot be on its agenda" in str(
        two.value)
    with pytest.raises(InvalidInput, match="'Budget' cannot be on its agenda"):
        _urgent(secretary, organisation, body_of, now, urgent_matter="Conference venue",
                agenda=[("Conference venue", "Where now?"), ("Budget", "")])
    assert not Meeting.objects.exists()
    meeting = _urgent(secretary, organisation, body_of, now, urgent_matter="Conference venue",
                      agenda=[("Conference venue", "Where now?")])
    assert meeting.items.get().description == "Where now?"


def test_urgent_meeting_refuses_other_business(organisation, secretary, chair, body_of, travel,
                                               now):
    from openassembly.meetings.models import AgendaItem

    travel.to(now)
    meeting = _urgent(secretary, organisation, body_of, now, urgent_matter="Conference venue",
                      chair=chair)
    with pytest.raises(Conflict) as refused:
        services.add_item(secretary, meeting=meeting, title="Affiliation fees")
    assert "Rule 6.3: this meeting was called at short notice for one urgent matter " \
           "('Conference venue')" in str(refused.value)
    assert meeting.items.count() == 1
    # An item that reached the agenda another way (as a petition's would) takes no motions.
    other = AgendaItem.objects.create(organisation=organisation, meeting=meeting, position=2,
                                      title="Fees", added_by=secretary, added_at=now,
                                      after_notice=True)
    with pytest.raises(Conflict, match="Rule 6.3: .*cannot move a motion on other business"):
        services.move_motion(secretary, item=other, title="Raise fees", text="Raise them.")
    motion = services.move_motion(secretary, item=meeting.items.get(position=1),
                                  title="Move online", text="Conference is held online.")
    assert motion.item.urgent_matter
    assert LedgerEvent.objects.filter(kind="motion.moved").count() == 1
