"""A refused meeting action comes back on the page it came from, with what was typed."""

from __future__ import annotations

import html

from django.urls import reverse

from openassembly.meetings import services
from openassembly.meetings.models import Division, Motion, PointOfOrder

from .test_pages import act, login

SUMMARY = "There is a problem"


def _page(response) -> str:
    return html.unescape(response.content.decode())


def test_out_of_order_amendment_comes_back_on_the_meeting_page_with_its_words(sitting,
                                                                             seconded):
    motion = seconded(text="This group resolves to campaign for clean air.")
    client = login(sitting.members[2])
    response = act(client, sitting.meeting, "amend", motion=motion.pk,
                   delete_text="dirty water", insert_text="clean rivers and clean air")
    assert response.status_code == 400
    page = _page(response)
    assert "That was not done" not in page and SUMMARY in page
    assert 'role="alert"' in page and "autofocus" in page
    # The reason is by the field it is about, and the summary links to that field.
    assert f'href="#amend{motion.pk}-delete_text"' in page
    assert f'id="amend{motion.pk}-delete_text_error"' in page
    assert "must appear exactly once" in page
    # Both typed texts are in their fields, and the amendment's form is open to see them.
    assert "dirty water</textarea>" in page and "clean rivers and clean air</textarea>" in page
    assert "<details open><summary>Amend motion" in page
    assert Motion.objects.filter(kind="amendment").count() == 0


def test_motion_failing_the_form_keeps_its_text(sitting):
    client = login(sitting.members[2])
    response = act(client, sitting.meeting, "move", item=sitting.item.pk, title="   ",
                   text="We resolve to plant a thousand trees.")
    assert response.status_code == 400
    page = _page(response)
    assert SUMMARY in page and f'href="#item{sitting.item.pk}-title"' in page
    assert "We resolve to plant a thousand trees.</textarea>" in page
    assert not Motion.objects.exists()


def test_refused_button_is_explained_next_to_its_motion(sitting, seconded):
    motion = seconded()
    # The seconder seconding again: the motion is seconded already.
    response = act(login(sitting.members[1]), sitting.meeting, "second", motion=motion.pk)
    assert response.status_code == 409
    page = _page(response)
    assert SUMMARY in page and f'href="#motion-{motion.pk}"' in page
    motion_block = page[page.index(f'id="motion-{motion.pk}"'):]
    assert "already" in motion_block[:motion_block.index("</p>", 400) + 400]


def test_refused_reference_back_keeps_the_reason_escaped(sitting, seconded):
    motion = seconded()
    response = act(login(sitting.members[3]), sitting.meeting, "refer-back", motion=motion.pk,
                   reason='The <b onclick="x()">costs</b> are not known')
    assert response.status_code == 400
    raw = response.content.decode()
    assert "There is a problem" in raw and "contains HTML" in raw
    # What was typed is back in the box, as text: never as markup on the page.
    assert ('value="The &lt;b onclick=&quot;x()&quot;&gt;costs&lt;/b&gt; are not known"'
            in raw)
    assert '<b onclick="x()">' not in raw
    assert not Motion.objects.filter(kind="reference-back").exists()


def test_second_vote_from_the_phone_comes_back_on_the_phone_page(sitting, seconded):
    motion = seconded()
    division = services.open_division(sitting.chair, motion=motion)
    phone = login(sitting.members[4])
    live = f"/o/{sitting.meeting.organisation.slug}/meetings/{sitting.meeting.pk}/live/"
    assert act(phone, sitting.meeting, "vote", division=division.pk, choice="for",
               next=live).status_code == 303
    again = act(phone, sitting.meeting, "vote", division=division.pk, choice="against",
                next=live)
    assert again.status_code == 409
    page = _page(again)
    assert SUMMARY in page and "first vote stands" in page
    assert "Your point of order" in page  # the phone page, not a page of its own
    assert Division.objects.get().votes.count() == 1


def test_chairs_refused_ruling_keeps_the_words_on_the_point(sitting):
    point = services.raise_point_of_order(sitting.members[5], meeting=sitting.meeting,
                                          text="Is this quorate?")
    services.rule_on_point(sitting.chair, point=point, ruling="It is.")
    # Ruling a second time is refused; the words typed stay in the ruling box's place.
    response = act(login(sitting.chair), sitting.meeting, "rule", point=point.pk,
                   ruling="It is quorate: 15 present")
    assert response.status_code in (400, 409)
    page = _page(response)
    assert SUMMARY in page and f'href="#point-{point.pk}"' in page
    assert PointOfOrder.objects.get().ruling == "It is."


def test_refused_correction_returns_to_the_division_page_with_the_typed_counts(
        sitting, seconded, vote, secretary):
    from openassembly.accounts.middleware import SESSION_KEY

    division = vote(seconded(), 9, 3, 1)
    officer = login(secretary)
    session = officer.session
    session[SESSION_KEY] = True
    session.save()
    page_url = reverse("meetings:division", kwargs={"org": sitting.meeting.organisation.slug,
                                                    "pk": division.pk})
    # No reason given: refused, and the counts typed are still there to fix.
    response = act(officer, sitting.meeting, "propose-correction", division=division.pk,
                   next=page_url, reason="", **{"for": "8", "against": "4", "abstain": "1"})
    assert response.status_code in (400, 403)
    page = _page(response)
    assert SUMMARY in page
    assert f"Division {division.number}" in page
    assert 'id="c-for" name="for" inputmode="numeric" value="8"' in page
    assert 'id="c-against" name="against" inputmode="numeric" value="4"' in page


def test_success_still_goes_on_with_a_see_other(sitting, seconded):
    motion = seconded(text="This group resolves to campaign for clean air.")
    response = act(login(sitting.members[2]), sitting.meeting, "amend", motion=motion.pk,
                   delete_text="clean air", insert_text="clean rivers")
    assert response.status_code == 303
    assert response["Location"].endswith(f"/meetings/{sitting.meeting.pk}/")
