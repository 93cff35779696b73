"""Motions and amendments, points of order and challenges to the chair."""

from __future__ import annotations

import pytest

from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.meetings import services
from openassembly.meetings.models import Motion, PointOfOrder
from openassembly.meetings.text import changes_html, render


def test_script_in_motion_text_is_refused_and_nothing_is_recorded(sitting):
    for text in ("<script>alert(1)</script>", "Click [here](javascript:alert(1))",
                 'Hello <img src=x onerror="alert(1)">'):
        with pytest.raises(InvalidInput, match="Nothing was saved"):
            services.move_motion(sitting.members[0], item=sitting.item, title="T", text=text)
    assert not Motion.objects.exists()


def test_markdown_is_rendered_safely():
    assert render("**bold** and [a](https://x.org)") == (
        '<p><strong>bold</strong> and <a href="https://x.org" rel="nofollow noopener">a</a></p>\n')
    # Even if raw HTML slipped past the check, it is escaped, never run.
    assert "<script>" not in render("<script>x</script>")


def test_seconder_cannot_be_the_mover(sitting):
    motion = services.move_motion(sitting.members[0], item=sitting.item, title="T", text="x")
    with pytest.raises(InvalidInput, match="mover cannot also second"):
        services.second_motion(sitting.members[0], motion=motion)


def test_only_members_of_the_body_present_may_move(sitting, member):
    services.attend(member, meeting=sitting.meeting, mode="in-person")
    with pytest.raises(PowerDenied, match="Only members of the Coordinating Group"):
        services.move_motion(member, item=sitting.item, title="T", text="x")


def test_amendment_accepted_by_mover_without_a_vote(sitting, seconded):
    motion = seconded(text="We will meet monthly.")
    amendment = services.move_amendment(sitting.members[4], motion=motion,
                                        delete_text="monthly", insert_text="every two weeks")
    with pytest.raises(PowerDenied, match="Only the mover"):
        services.accept_amendment(sitting.members[4], amendment=amendment)
    services.accept_amendment(sitting.members[0], amendment=amendment)
    motion.refresh_from_db()
    amendment.refresh_from_db()
    assert amendment.status == Motion.Status.ACCEPTED and not amendment.divisions.exists()
    assert motion.text == "We will meet every two weeks."
    assert changes_html(motion.original_text, motion.text) == (
        "We will meet <del>monthly.</del><ins>every two weeks.</ins>")


def test_amendments_are_taken_in_order_and_later_ones_can_fall(sitting, seconded, vote):
    motion = seconded(text="We will march in Leeds on Saturday.")
    first = services.move_amendment(sitting.members[2], motion=motion, delete_text="Leeds",
                                    insert_text="York")
    second = services.move_amendment(sitting.members[3], motion=motion,
                                     delete_text="in Leeds on", insert_text="in Hull on")
    third = services.move_amendment(sitting.members[4], motion=motion, delete_text="",
                                    insert_text="Everyone is welcome.")
    for amendment in (first, second, third):
        services.second_motion(sitting.members[5], motion=amendment)
    with pytest.raises(Conflict, match="amendments are taken in order"):
        services.open_division(sitting.chair, motion=second)
    vote(first, 9, 6)
    second.refresh_from_db()
    assert second.status == Motion.Status.FALLEN
    assert "changed the words it would leave out" in second.outcome_note
    vote(third, 2, 13)
    vote(motion, 10, 5)
    motion.refresh_from_db()
    assert motion.text == "We will march in York on Saturday."
    assert motion.status == Motion.Status.CARRIED


def test_amendment_must_name_words_in_the_motion(sitting, seconded):
    with pytest.raises(InvalidInput, match="must appear exactly once"):
        services.move_amendment(sitting.members[2], motion=seconded(text="One two."),
                                delete_text="three", insert_text="four")


def test_withdrawal_takes_amendments_with_it(sitting, seconded):
    motion = seconded()
    amendment = services.move_amendment(sitting.members[2], motion=motion, delete_text="",
                                        insert_text="Now.")
    with pytest.raises(PowerDenied):
        services.withdraw_motion(sitting.members[2], motion=motion)
    services.withdraw_motion(sitting.members[0], motion=motion)
    amendment.refresh_from_db()
    motion.refresh_from_db()
    assert (motion.status, amendment.status) == (Motion.Status.WITHDRAWN, Motion.Status.FALLEN)
    with pytest.raises(Conflict):
        services.open_division(sitting.chair, motion=motion)


def test_reference_back_is_decided_first_and_refers_the_motion(sitting, seconded, vote):
    motion = seconded()
    amendment = services.move_amendment(sitting.members[2], motion=motion, delete_text="",
                                        insert_text="Soon.")
    services.second_motion(sitting.members[3], motion=amendment)
    back = services.move_reference_back(sitting.members[6], motion=motion,
                                        reason="Needs costing.")
    services.second_motion(sitting.members[7], motion=back)
    with pytest.raises(Conflict, match="must be decided first"):
        services.open_division(sitting.chair, motion=amendment)
    vote(back, 8, 7)
    motion.refresh_from_db()
    amendment.refresh_from_db()
    assert motion.status == Motion.Status.REFERRED_BACK
    assert amendment.status == Motion.Status.FALLEN


def test_online_member_raises_point_of_order_and_challenges_the_ruling(sitting, vote):
    online = sitting.members[9]
    services.attend(online, meeting=sitting.meeting, mode="online")
    point = services.raise_point_of_order(online, meeting=sitting.meeting,
                                          text="The papers were not circulated in time.")
    assert point.online and point.status == PointOfOrder.Status.RAISED
    with pytest.raises(PowerDenied):
        services.rule_on_point(sitting.members[0], point=point, ruling="x")
    services.rule_on_point(sitting.chair, point=point, ruling="Not upheld: they were on time.")
    challenge = services.challenge_ruling(online, point=point)
    assert challenge.kind == Motion.Kind.CHALLENGE
    division = vote(challenge, 5, 10)
    point.refresh_from_db()
    assert not division.carried and point.status == PointOfOrder.Status.OVERTURNED


def test_someone_absent_cannot_raise_a_point_of_order(sitting, member):
    with pytest.raises(PowerDenied, match="present"):
        services.raise_point_of_order(member, meeting=sitting.meeting, text="x")


def test_challenge_twice_is_refused(sitting):
    point = services.raise_point_of_order(sitting.members[0], meeting=sitting.meeting, text="x")
    services.rule_on_point(sitting.chair, point=point, ruling="No.")
    services.challenge_ruling(sitting.members[1], point=point)
    with pytest.raises(Conflict):
        services.challenge_ruling(sitting.members[2], point=point)


def test_the_chair_cannot_challenge_their_own_ruling(sitting):
    from openassembly.meetings.models import Attendance

    if not Attendance.objects.filter(meeting=sitting.meeting, member=sitting.chair).exists():
        services.attend(sitting.chair, meeting=sitting.meeting, mode="in-person")
    point = services.raise_point_of_order(sitting.members[0], meeting=sitting.meeting, text="x")
    services.rule_on_point(sitting.chair, point=point, ruling="No.")
    with pytest.raises(Conflict, match="You gave this ruling"):
        services.challenge_ruling(sitting.chair, point=point)
    point.refresh_from_db()
    assert point.status == PointOfOrder.Status.RULED
    assert services.challenge_ruling(sitting.members[1], point=point).point_id == point.pk


def test_speakers_list_records_time_limits(sitting, travel):
    from datetime import timedelta

    speaker = sitting.members[3]
    speech = services.ask_to_speak(speaker, item=sitting.item)
    with pytest.raises(Conflict, match="speakers' list"):
        services.ask_to_speak(speaker, item=sitting.item)
    speech = services.start_speech(sitting.chair, speech=speech)
    assert (speech.limit_seconds, speech.limit_rule) == (180, "6.6")
    travel.to(sitting.start + timedelta(minutes=4))
    speech = services.end_speech(sitting.chair, speech=speech)
    assert speech.seconds == 240 and speech.overran
    # The meeting page says it in minutes, as the console does.
    from django.test import Client

    client = Client()
    client.force_login(speaker.user)
    meeting = sitting.meeting
    page = client.get(f"/o/{meeting.organisation.slug}/meetings/{meeting.pk}/").content.decode()
    assert "4 min" in page and "over the 3 min limit (rule 6.6)" in page
    assert "240 s" not in page


def test_the_projector_counts_the_speakers_time(sitting, travel):
    from datetime import timedelta

    from django.test import Client
    from django.urls import reverse

    speaker = sitting.members[3]
    speech = services.start_speech(sitting.chair,
                                   speech=services.ask_to_speak(speaker, item=sitting.item))
    meeting = sitting.meeting
    url = reverse("meetings:projector_status",
                  kwargs={"org": meeting.organisation.slug, "pk": meeting.pk})
    client = Client()
    client.force_login(speaker.user)
    travel.to(sitting.start + timedelta(minutes=1))
    page = client.get(url).content.decode()
    assert speaker.name in page and "2 min left" in page and "overrun" not in page
    assert f'data-speech-limit="{speech.limit_seconds}"' in page  # timer.js counts on from it
    travel.to(sitting.start + timedelta(minutes=4))
    page = client.get(url).content.decode()
    assert "over time by 1 min" in page and "overrun" in page
