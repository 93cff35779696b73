"""A readable record: a named vote's page lists who on the roll did not vote (a secret vote's
never does); the minutes say when the meeting closed as a minute would; the kind of decision a
motion is shows by its name."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse

from openassembly.meetings import services
from openassembly.meetings.draft import closing_sentence


def _division_page(division) -> str:
    url = reverse("meetings:division", kwargs={"org": division.organisation.slug,
                                               "pk": division.pk})
    return Client().get(url).content.decode()


def test_a_named_vote_lists_who_on_the_roll_did_not_vote(sitting, seconded, vote):
    division = vote(seconded(), 9, 4, 1, voters=sitting.members[:14])
    page = _division_page(division)
    assert "On the roll, did not vote" in page
    absent = page.split('id="did-not-vote"', 1)[1]
    assert f"1 of the {division.eligible} on the roll cast no vote" in absent
    assert sitting.members[14].name in absent
    assert all(person.name not in absent for person in sitting.members[:14])


def test_a_named_vote_everyone_cast_says_so(sitting, seconded, vote):
    division = vote(seconded(), 10, 4, 1)
    assert "Everyone on the roll voted." in _division_page(division)


def test_an_open_vote_lists_no_one_yet(sitting, seconded):
    division = services.open_division(sitting.chair, motion=seconded(), method="named")
    services.cast_vote(sitting.members[0], division=division, choice="for")
    assert "did not vote" not in _division_page(division)


def test_a_secret_vote_never_lists_its_roll(organisation, secretary, chair, og_members, body_of,
                                            travel, now):
    people = og_members(6)
    travel.to(now)
    meeting = services.call_meeting(secretary, organisation=organisation,
                                    body=body_of("organising-group"), title="OG",
                                    starts_at=now + timedelta(days=8), place="Hall", chair=chair,
                                    agenda=[("Complaint", "")])
    travel.to(now + timedelta(days=8))
    meeting = services.open_meeting(chair, meeting=meeting)
    for person in people:
        services.attend(person, meeting=meeting, mode="in-person")
    motion = services.move_motion(people[0], item=meeting.items.get(), title="Suspend X",
                                  text="That X be suspended.", decision_key="about-a-person")
    services.second_motion(people[1], motion=motion)
    division = services.open_division(chair, motion=motion, method="secret")
    for person, choice in zip(people[:4], ["for", "for", "against", "for"], strict=True):
        services.cast_vote(person, division=division, choice=choice)
    services.close_division(chair, division=division)
    page = _division_page(division)
    assert "did not vote" not in page
    assert people[5].name not in page and people[4].name not in page
    # The kind of decision is named as the constitution names it, not by its key.
    meeting_page = Client().get(reverse("meetings:meeting", kwargs={
        "org": organisation.slug, "pk": meeting.pk})).content.decode()
    name = organisation.constitution.decision("about-a-person").name
    assert f"Kind of decision: {name}." in meeting_page
    assert "about-a-person" not in meeting_page.replace('"about-a-person"', "")


def test_the_minutes_say_the_closing_time_in_words(sitting, travel):
    from django.utils import timezone

    travel.to(sitting.meeting.opened_at + timedelta(minutes=1))
    meeting = services.close_meeting(sitting.chair, meeting=sitting.meeting)
    closed = timezone.localtime(meeting.closed_at)
    same_day = closed.date() == timezone.localtime(meeting.opened_at).date()
    expected = (f"The meeting closed at {closed:%H:%M}." if same_day else
                f"The meeting closed at {closed:%H:%M} on {closed:%A} {closed.day} "
                f"{closed:%B %Y}.")
    assert closing_sentence(meeting) == expected
    minutes = services.draft_minutes(sitting.secretary, meeting=meeting)
    assert minutes.text.rstrip().endswith(expected)
    assert f"closed at {closed.day} {closed:%B}" not in minutes.text  # a time after "at"


def test_a_meeting_past_midnight_says_the_day_it_closed(sitting, travel):
    from django.utils import timezone

    opened = timezone.localtime(sitting.meeting.opened_at)
    next_day = opened.replace(hour=0, minute=20) + timedelta(days=1)
    travel.to(next_day)
    meeting = services.close_meeting(sitting.chair, meeting=sitting.meeting)
    assert closing_sentence(meeting) == (
        f"The meeting closed at 00:20 on {next_day:%A} {next_day.day} {next_day:%B %Y}.")
