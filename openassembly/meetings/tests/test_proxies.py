"""Proxies where the constitution allows them (rule 7.4: one each, cast with the holder's own)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.core.models import LedgerEvent
from openassembly.meetings import services
from openassembly.meetings.models import Attendance, Vote


@pytest.fixture
def og(organisation, secretary, chair, og_members, body_of, travel, now):
    reps = og_members(6)
    travel.to(now)
    meeting = services.call_meeting(secretary, organisation=organisation,
                                    body=body_of("organising-group"), title="OG",
                                    starts_at=now + timedelta(days=8), place="Hall",
                                    chair=chair, agenda=[("Budget", "")])
    return meeting, reps


def test_proxy_is_recorded_and_cast_with_the_holders_vote(og, chair, travel, now):
    meeting, reps = og
    absent, holder = reps[0], reps[1]
    proxy = services.appoint_proxy(absent, meeting=meeting, holder=holder)
    assert proxy.rule == "7.4"
    assert Attendance.objects.get(meeting=meeting, member=absent).mode == "apologies"
    travel.to(now + timedelta(days=8))
    meeting = services.open_meeting(chair, meeting=meeting)
    for person in reps[1:]:
        services.attend(person, meeting=meeting, mode="online")
    motion = services.move_motion(reps[2], item=meeting.items.get(), title="T", text="x")
    services.second_motion(reps[3], motion=motion)
    division = services.open_division(chair, motion=motion)
    assert division.eligible == 6
    with pytest.raises(PowerDenied, match="Rule 7.4"):
        services.cast_vote(holder, division=division, choice="against", for_member=absent)
    with pytest.raises(PowerDenied, match="appointed"):
        services.cast_vote(absent, division=division, choice="for")
    assert services.cast_vote(holder, division=division, choice="for") == 2
    vote = Vote.objects.get(member=absent)
    assert vote.cast_by == holder and vote.by_proxy and vote.choice == "for"
    event = LedgerEvent.objects.filter(kind="division.vote").get()
    assert event.actor == holder.name
    assert event.data == {"meeting": meeting.pk, "division": division.number, "choice": "for",
                          "for": [absent.name]}


def test_proxy_rules(og, organisation, make_person, seat_on, sitting):
    meeting, reps = og
    with pytest.raises(InvalidInput, match="someone else"):
        services.appoint_proxy(reps[0], meeting=meeting, holder=reps[0])
    services.appoint_proxy(reps[0], meeting=meeting, holder=reps[2])
    with pytest.raises(Conflict, match="nobody may hold more than 1 proxy"):
        services.appoint_proxy(reps[1], meeting=meeting, holder=reps[2])
    with pytest.raises(Conflict, match="already"):
        services.appoint_proxy(reps[0], meeting=meeting, holder=reps[3])
    outsider = make_person("Not On It", "noton@x.org")
    with pytest.raises(InvalidInput, match="must be a member of the Organising Group"):
        services.appoint_proxy(reps[4], meeting=meeting, holder=outsider)
    # The Coordinating Group's rules allow no proxies at all.
    with pytest.raises(PowerDenied, match="does not allow proxies"):
        services.appoint_proxy(sitting.members[0], meeting=sitting.meeting,
                               holder=sitting.members[1])


def _mark(chair, meeting, marks, holders=None):
    return services.record_attendance_many(chair, meeting=meeting, marks=marks,
                                           holders=holders or {})


def test_the_chair_records_a_proxy_on_the_roll_by_the_same_rules(og, chair):
    meeting, reps = og
    absent, holder = reps[0], reps[1]
    _mark(chair, meeting, {holder.pk: "in-person", absent.pk: "proxy"}, {absent.pk: holder.pk})
    proxy = meeting.proxies.get()
    assert (proxy.appointer, proxy.holder, proxy.rule) == (absent, holder, "7.4")
    assert Attendance.objects.get(meeting=meeting, member=absent).mode == "apologies"
    event = LedgerEvent.objects.filter(kind="meeting.proxy").get()
    assert event.actor == chair.name
    assert event.data["appointer"] == absent.name and event.data["holder"] == holder.name
    # Sending the same roll again changes nothing and appoints nobody twice.
    _mark(chair, meeting, {absent.pk: "proxy"}, {absent.pk: holder.pk})
    assert meeting.proxies.count() == 1


def test_a_roll_proxy_to_someone_absent_is_refused_and_nothing_is_recorded(og, chair):
    meeting, reps = og
    with pytest.raises(InvalidInput, match="not recorded as present") as refused:
        _mark(chair, meeting, {reps[2].pk: "online", reps[0].pk: "proxy"},
              {reps[0].pk: reps[1].pk})
    assert refused.value.field == f"holder-{reps[0].pk}"
    # A holder who sent apologies is absent too, and so is one this list marks absent.
    _mark(chair, meeting, {reps[1].pk: "apologies", reps[3].pk: "in-person"})
    with pytest.raises(InvalidInput, match="not recorded as present"):
        _mark(chair, meeting, {reps[0].pk: "proxy"}, {reps[0].pk: reps[1].pk})
    with pytest.raises(InvalidInput, match="not recorded as present"):
        _mark(chair, meeting, {reps[3].pk: "apologies", reps[0].pk: "proxy"},
              {reps[0].pk: reps[3].pk})
    assert not meeting.proxies.exists()
    assert not Attendance.objects.filter(meeting=meeting, member__in=[reps[0], reps[2]])
    assert Attendance.objects.get(meeting=meeting, member=reps[3]).mode == "in-person"


def test_a_roll_proxy_to_someone_off_the_body_or_with_no_holder_is_refused(
        og, chair, make_person):
    meeting, reps = og
    outsider = make_person("Not On It", "noton@x.org")
    with pytest.raises(InvalidInput, match="must be a member of the Organising Group"):
        _mark(chair, meeting, {outsider.pk: "in-person", reps[0].pk: "proxy"},
              {reps[0].pk: outsider.pk})
    with pytest.raises(InvalidInput, match="Choose who holds"):
        _mark(chair, meeting, {reps[1].pk: "in-person", reps[0].pk: "proxy"})
    with pytest.raises(InvalidInput, match="someone else"):
        _mark(chair, meeting, {reps[0].pk: "proxy"}, {reps[0].pk: reps[0].pk})
    # Someone off the body cannot give a proxy either.
    with pytest.raises(InvalidInput, match="only a member of the Organising Group"):
        _mark(chair, meeting, {reps[1].pk: "in-person", outsider.pk: "proxy"},
              {outsider.pk: reps[1].pk})
    assert not meeting.proxies.exists() and not meeting.attendance.exists()


def test_a_roll_cannot_give_one_holder_more_proxies_than_the_rule_allows(og, chair):
    meeting, reps = og
    holder = reps[1]
    with pytest.raises(Conflict, match="nobody may hold more than 1 proxy"):
        _mark(chair, meeting, {holder.pk: "in-person", reps[0].pk: "proxy",
                               reps[2].pk: "proxy"},
              {reps[0].pk: holder.pk, reps[2].pk: holder.pk})
    assert not meeting.proxies.exists()
    # One held already (the member's own appointment) counts against the limit too.
    services.appoint_proxy(reps[3], meeting=meeting, holder=holder)
    with pytest.raises(Conflict, match="holds 1 already"):
        _mark(chair, meeting, {holder.pk: "in-person", reps[0].pk: "proxy"},
              {reps[0].pk: holder.pk})
    assert meeting.proxies.count() == 1


def test_a_roll_proxy_where_the_constitution_allows_none_is_refused(sitting):
    absent, holder = sitting.members[0], sitting.members[1]
    with pytest.raises(PowerDenied, match="does not allow proxies") as refused:
        _mark(sitting.chair, sitting.meeting, {absent.pk: "proxy"}, {absent.pk: holder.pk})
    assert refused.value.field == f"holder-{absent.pk}"
    assert not sitting.meeting.proxies.exists()
    assert Attendance.objects.get(meeting=sitting.meeting, member=absent).present


def test_the_checklist_offers_present_holders_and_shows_a_refusal_by_the_row(og, chair):
    from django.urls import reverse

    from .test_pages import act, login

    meeting, reps = og
    _mark(chair, meeting, {reps[1].pk: "online", reps[2].pk: "apologies"})
    client = login(chair)
    here = reverse("meetings:attendance", kwargs={"org": meeting.organisation.slug,
                                                  "pk": meeting.pk})
    page = client.get(here).content.decode()
    picker = page.split(f'id="holder-{reps[0].pk}"', 1)[1].split("</select>", 1)[0]
    assert reps[1].name in picker and reps[2].name not in picker
    assert f'aria-label="{reps[0].name}: by proxy"' in page
    refused = act(client, meeting, "record-attendance-many", next=here,
                  **{f"mode-{reps[0].pk}": "proxy", f"holder-{reps[0].pk}": reps[2].pk,
                     f"mode-{reps[3].pk}": "in-person"})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert f'id="holder-{reps[0].pk}-error"' in text and "not recorded as present" in text
    assert f'href="#holder-{reps[0].pk}"' in text
    assert not meeting.attendance.filter(member=reps[3]).exists()
    # A holder left chosen on a row that is not marked "by proxy" appoints nobody.
    done = act(client, meeting, "record-attendance-many", next=here,
               **{f"mode-{reps[0].pk}": "apologies", f"holder-{reps[0].pk}": reps[1].pk})
    assert done.status_code == 303 and not meeting.proxies.exists()
    done = act(client, meeting, "record-attendance-many", next=here,
               **{f"mode-{reps[0].pk}": "proxy", f"holder-{reps[0].pk}": reps[1].pk})
    assert done.status_code == 303
    assert meeting.proxies.get().holder == reps[1]
    assert "held by" in client.get(here).content.decode()


def test_a_members_own_proxy_to_someone_not_here_yet_survives_the_roll_sent_again(og, chair):
    from django.urls import reverse

    from .test_pages import act, login

    meeting, reps = og
    services.appoint_proxy(reps[0], meeting=meeting, holder=reps[1])
    client = login(chair)
    here = reverse("meetings:attendance", kwargs={"org": meeting.organisation.slug,
                                                  "pk": meeting.pk})
    page = client.get(here).content.decode()
    picker = page.split(f'id="holder-{reps[0].pk}"', 1)[1].split("</select>", 1)[0]
    assert f'<option value="{reps[1].pk}" selected>{reps[1].name}' in picker
    assert "(not here yet)" in picker
    assert f'name="mode-{reps[0].pk}" value="proxy" aria-label="{reps[0].name}: by proxy" checked' \
        in page
    done = act(client, meeting, "record-attendance-many", next=here,
               **{f"mode-{reps[0].pk}": "proxy", f"holder-{reps[0].pk}": reps[1].pk})
    assert done.status_code == 303
    assert meeting.proxies.get().holder == reps[1]
    # A different holder for someone who has appointed one already is refused, not swapped.
    _mark(chair, meeting, {reps[2].pk: "online"})
    with pytest.raises(Conflict, match="has appointed .* already"):
        _mark(chair, meeting, {reps[0].pk: "proxy"}, {reps[0].pk: reps[2].pk})


def test_apologies_come_from_the_bodys_members_only(og, make_person):
    meeting, reps = og
    services.send_apologies(reps[0], meeting=meeting)
    stranger = make_person("Not On It", "not-on-it@example.org")
    before = LedgerEvent.objects.count()
    with pytest.raises(PowerDenied, match="Only members of the Organising Group"):
        services.send_apologies(stranger, meeting=meeting)
    with pytest.raises(PowerDenied):  # the same door by another name
        services.attend(stranger, meeting=meeting, mode="apologies")
    assert not Attendance.objects.filter(meeting=meeting, member=stranger).exists()
    assert LedgerEvent.objects.exclude(kind="power.refused").count() == before
