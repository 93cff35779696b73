"""The constitution box on the motion form: folded away behind "this motion amends the
constitution", read only when that is ticked, and refused clearly when ticked but empty or
invalid. Through HTTP, as a browser without JavaScript sends the form (folded fields included)."""

from __future__ import annotations

from django.urls import reverse

from openassembly.meetings.models import Motion

from .test_pages import act, login


def _current(organisation) -> str:
    from openassembly.core.models import Organisation

    return Organisation.objects.get(pk=organisation.pk).current_constitution_version().text


def _move(client, sitting, **data):
    back = reverse("meetings:meeting", kwargs={"org": sitting.meeting.organisation.slug,
                                               "pk": sitting.meeting.pk})
    return act(client, sitting.meeting, "move", item=sitting.item.pk, next=back,
               title=data.pop("title", "Ten days"), text="Notice goes up to ten days.", **data)


def _ten_days(organisation) -> str:
    text = _current(organisation)
    return text.replace("notice_days = 7\n", "notice_days = 10\n")


def test_the_box_is_folded_behind_the_tick_on_the_meeting_page(sitting):
    page = login(sitting.members[0]).get(reverse("meetings:meeting", kwargs={
        "org": sitting.meeting.organisation.slug, "pk": sitting.meeting.pk})).content.decode()
    form = page.split("do/move/", 1)[1].split("</form>", 1)[0]
    before, folded = form.split("<details>", 1)
    assert "New constitution (the complete TOML text)" not in before
    assert "This motion amends the constitution" in folded
    assert "New constitution (the complete TOML text)" in folded


def test_an_ordinary_motion_ignores_a_box_left_filled_without_the_tick(sitting, organisation):
    client = login(sitting.members[0])
    response = _move(client, sitting, new_constitution=_ten_days(organisation))
    assert response.status_code == 303
    motion = Motion.objects.get()
    assert motion.new_constitution == "" and motion.decision_key == ""


def test_ticked_but_empty_is_refused_by_the_box_and_keeps_what_was_typed(sitting):
    response = _move(login(sitting.members[0]), sitting, amends_constitution="on",
                     new_constitution="   ", title="Keep my title")
    assert response.status_code == 400
    page = response.content.decode()
    assert "paste the complete new constitution here, or untick the box" in page
    assert f'id="item{sitting.item.pk}-new_constitution_error"' in page
    assert 'value="Keep my title"' in page
    # The refused box comes back unfolded, so the reason is in sight.
    assert "<details open><summary>Amending the constitution?" in page
    assert not Motion.objects.exists()


def test_ticked_with_invalid_text_is_refused_by_the_box(sitting):
    response = _move(login(sitting.members[0]), sitting, amends_constitution="on",
                     new_constitution="format = 2")
    assert response.status_code == 400
    page = response.content.decode()
    assert "The new constitution is not valid" in page
    assert f'id="item{sitting.item.pk}-new_constitution_error"' in page
    assert not Motion.objects.exists()


def test_a_constitution_kind_of_decision_without_the_tick_is_refused(sitting, organisation):
    response = _move(login(sitting.members[0]), sitting,
                     decision_key="constitution-amendment",
                     new_constitution=_ten_days(organisation))
    assert response.status_code == 400
    assert "tick this box and give the new text" in response.content.decode()
    assert not Motion.objects.exists()


def test_ticked_with_a_valid_text_moves_a_change_to_the_constitution(sitting, organisation):
    new_text = _ten_days(organisation)
    response = _move(login(sitting.members[0]), sitting, amends_constitution="on",
                     new_constitution=new_text)
    assert response.status_code == 303
    motion = Motion.objects.get()
    # The body's one kind of decision that changes the constitution is taken from the tick.
    assert motion.decision_key == "constitution-amendment"
    assert motion.new_constitution == new_text.strip()  # the form trims the ends


def test_a_body_that_cannot_amend_reads_no_box_even_when_posted(og_members, organisation,
                                                                 secretary, chair, body_of,
                                                                 travel, now):
    from datetime import timedelta

    from openassembly.meetings import services

    reps = og_members(3)
    travel.to(now)
    meeting = services.call_meeting(secretary, organisation=organisation,
                                    body=body_of("organising-group"), title="OG",
                                    starts_at=now + timedelta(days=8), place="Hall",
                                    chair=chair, agenda=[("Budget", "")])
    response = act(login(reps[0]), meeting, "move", item=meeting.items.get().pk,
                   title="Sneaky", text="x", amends_constitution="on",
                   new_constitution=_ten_days(organisation))
    assert response.status_code == 303
    assert Motion.objects.get().new_constitution == ""
