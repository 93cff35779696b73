"""The chair's console, bulk attendance, confirmations and the body-limited pickers, through
HTTP as a browser without JavaScript (or htmx's poll) uses them."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from openassembly.meetings import services
from openassembly.meetings.models import Attendance, Division, Meeting, PointOfOrder

from .test_pages import act, login


def _url(meeting, name="meetings:console"):
    return reverse(name, kwargs={"org": meeting.organisation.slug, "pk": meeting.pk})


def test_console_poll_is_answered_304_or_204_until_something_changes(sitting):
    chair = login(sitting.chair)
    url = _url(sitting.meeting) + "?part=status"
    first = chair.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    assert "Quorum: " in first.content.decode()
    assert chair.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    version = etag.strip('"').rsplit("-", 1)[1]
    polled = chair.get(url + f"&v={version}", HTTP_HX_REQUEST="true")
    assert polled.status_code == 204 and polled.content == b""

    services.raise_point_of_order(sitting.members[2], meeting=sitting.meeting,
                                  text="The paper came late")
    changed = chair.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    page = changed.content.decode()
    assert "awaiting your ruling" in page and "The paper came late" in page
    assert chair.get(url + f"&v={version}", HTTP_HX_REQUEST="true").status_code == 200


def test_console_shows_quorum_business_and_the_open_vote(sitting, seconded):
    motion = seconded()
    division = services.open_division(sitting.chair, motion=motion)
    for person in sitting.members[:3]:
        services.cast_vote(person, division=division, choice="for")
    services.cast_vote(sitting.members[3], division=division, choice="against")
    page = login(sitting.chair).get(_url(sitting.meeting)).content.decode()
    assert "Quorum: 15 present, quorate." in page
    assert "Item 1. <strong>Campaign plan</strong>" in page
    assert "For: 3" in page and "Against: 1" in page and "Abstain: 0" in page
    assert "11 still to vote" in page and "Delegate 15" in page


def test_a_member_cannot_reach_the_console_or_use_its_controls(sitting, seconded):
    motion = seconded()
    division = services.open_division(sitting.chair, motion=motion)
    member = login(sitting.members[0])
    assert member.get(_url(sitting.meeting)).status_code == 403
    assert member.get(_url(sitting.meeting, "meetings:attendance")).status_code == 403
    closing = act(member, sitting.meeting, "close-division", division=division.pk, confirm=99)
    assert closing.status_code == 403
    ending = act(member, sitting.meeting, "close-meeting", confirm="close")
    assert ending.status_code == 403
    marks = act(member, sitting.meeting, "record-attendance-many",
                **{f"mode-{sitting.members[5].pk}": "apologies"})
    assert marks.status_code == 403
    division.refresh_from_db()
    assert division.is_open
    assert Meeting.objects.get(pk=sitting.meeting.pk).status == "open"
    assert Attendance.objects.get(meeting=sitting.meeting, member=sitting.members[5]).present


def test_closing_a_vote_early_needs_the_chair_to_confirm_how_many_lose_their_vote(
        sitting, seconded):
    motion = seconded()
    division = services.open_division(sitting.chair, motion=motion)
    for person in sitting.members[:2]:
        services.cast_vote(person, division=division, choice="for")
    chair = login(sitting.chair)
    back = _url(sitting.meeting)
    refused = act(chair, sitting.meeting, "close-division", division=division.pk, next=back)
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "13 of the 15 on the roll of division 1 have not voted yet" in page
    assert "Close it now, with 13 not voted" in page
    # A confirmation given for fewer than are still waiting does not close it either.
    assert act(chair, sitting.meeting, "close-division", division=division.pk,
               confirm=5).status_code == 409
    division.refresh_from_db()
    assert division.is_open
    done = act(chair, sitting.meeting, "close-division", division=division.pk, confirm=13,
               next=back)
    assert done.status_code == 303
    division.refresh_from_db()
    assert not division.is_open and division.votes_for == 2


def test_a_vote_everyone_has_cast_closes_without_a_question(sitting, seconded):
    motion = seconded()
    division = services.open_division(sitting.chair, motion=motion)
    for person in sitting.members:
        services.cast_vote(person, division=division, choice="for")
    assert act(login(sitting.chair), sitting.meeting, "close-division",
               division=division.pk).status_code == 303
    assert Division.objects.get().carried


def test_closing_the_meeting_asks_first(sitting):
    chair = login(sitting.chair)
    asked = act(chair, sitting.meeting, "close-meeting")
    assert asked.status_code == 409
    assert "Yes, close the meeting" in asked.content.decode()
    assert Meeting.objects.get(pk=sitting.meeting.pk).status == "open"
    assert act(chair, sitting.meeting, "close-meeting", confirm="close").status_code == 303
    assert Meeting.objects.get(pk=sitting.meeting.pk).status == "closed"


def test_bulk_attendance_records_everyone_at_once_or_nobody(sitting, organisation):
    from openassembly.members.models import Member

    chair = login(sitting.chair)
    page = chair.get(_url(sitting.meeting, "meetings:attendance")).content.decode()
    a, b = sitting.members[0], sitting.members[1]
    assert 'aria-label="Delegate 01: online"' in page
    assert "Chair Person" not in page.split("<tbody>")[1]  # not on the Coordinating Group
    lapsed = Member.objects.create(organisation=organisation, name="Gone Away",
                                   email="gone@example.org", joined_on=a.joined_on,
                                   status=Member.Status.LAPSED)
    refused = act(chair, sitting.meeting, "record-attendance-many",
                  **{f"mode-{a.pk}": "online", f"mode-{lapsed.pk}": "in-person"},
                  next=_url(sitting.meeting, "meetings:attendance"))
    assert refused.status_code == 400
    assert "Gone Away is not an active member" in refused.content.decode()
    assert Attendance.objects.get(meeting=sitting.meeting, member=a).mode == "in-person"
    done = act(chair, sitting.meeting, "record-attendance-many",
               **{f"mode-{a.pk}": "online", f"mode-{b.pk}": "apologies"})
    assert done.status_code == 303
    modes = dict(Attendance.objects.filter(meeting=sitting.meeting, member__in=[a, b])
                 .values_list("member_id", "mode"))
    assert modes == {a.pk: "online", b.pk: "apologies"}


def test_call_form_pickers_list_only_the_body_and_refuse_anyone_else(
        organisation, secretary, chair, group_members, body_of, travel, now):
    from openassembly.meetings.forms import CallForm

    travel.to(now)
    delegates = group_members(3)
    group = body_of("coordinating-group")
    form = CallForm(organisation=organisation, initial={"body": group.pk})
    offered = {value for value, _ in form.fields["chair"].choices if value != ""}
    assert offered == {d.pk for d in delegates}
    assert secretary.pk not in offered and chair.pk not in offered
    labels = [label for _, label in form.fields["chair"].choices]
    assert any("Delegate 01 — " in label for label in labels)

    client = login(secretary)
    starts = (now + timedelta(days=8)).astimezone().strftime("%Y-%m-%dT%H:%M")
    data = {"body": group.pk, "title": "Spring", "place": "Hall", "starts_at": starts,
            "agenda": "AOB"}
    response = client.post(reverse("meetings:call", kwargs={"org": organisation.slug}),
                           data | {"chair": chair.pk})
    assert response.status_code == 400
    assert "Choose someone who sits on the Coordinating Group" in response.content.decode()
    assert not Meeting.objects.exists()
    response = client.post(reverse("meetings:call", kwargs={"org": organisation.slug}),
                           data | {"chair": delegates[1].pk})
    assert response.status_code == 303
    assert Meeting.objects.get().chair == delegates[1]
    assert not PointOfOrder.objects.exists()


def test_call_form_starts_at_the_earliest_full_notice_and_folds_urgency_away(
        organisation, secretary, body_of, travel, now):
    from django.utils import timezone

    from openassembly.meetings.forms import CallForm

    travel.to(now)
    group = body_of("organising-group")
    form = CallForm(organisation=organisation, initial={"body": group.pk})
    start = form.initial["starts_at"]
    notice = organisation.constitution.body("organising-group").notice_days
    assert start - now >= timedelta(days=notice)
    assert start - now < timedelta(days=notice + 1)
    assert timezone.localtime(start).hour == 18
    page = login(secretary).get(reverse("meetings:call", kwargs={"org": organisation.slug}))
    text = page.content.decode()
    folded = text.split("<details>", 1)[1].split("</details>", 1)[0]
    assert "Why it cannot wait" in folded and "The urgent matter" in folded


def test_a_body_that_cannot_amend_the_constitution_is_not_offered_the_box(sitting):
    from openassembly.meetings.forms import MotionForm

    rules = sitting.meeting.organisation.constitution
    ordinary = [d for d in rules.decisions if not d.amends_constitution]
    assert "new_constitution" not in MotionForm(decisions=ordinary).fields
    amending = [d for d in rules.decisions if d.amends_constitution]
    assert amending
    assert "new_constitution" in MotionForm(decisions=amending).fields


def test_without_script_the_console_shows_the_start_the_time_allowed_and_the_overrun(
        sitting, travel):
    from openassembly.core import clock

    speech = services.ask_to_speak(sitting.members[0], item=sitting.item)
    started = clock.now()
    services.start_speech(sitting.chair, speech=speech)
    chair = login(sitting.chair)
    page = chair.get(_url(sitting.meeting)).content.decode()
    assert "time allowed 3 min (rule 6.6)" in page
    assert f'data-speech-started="{int(started.timestamp())}"' in page
    assert 'data-speech-limit="180"' in page
    assert '<span class="timer-left">3 min left</span>' in page
    travel.to(started + timedelta(seconds=200))
    page = chair.get(_url(sitting.meeting)).content.decode()
    assert 'class="speech-timer overrun"' in page
    assert '<span class="timer-left">over time by 20 s</span>' in page
    assert "has the floor</strong> since" in page
