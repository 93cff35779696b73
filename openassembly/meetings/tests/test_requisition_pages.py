"""The pages for requisitions and for cancelling a meeting: every refusal comes back on the
same form, by the field it is about, with what was typed kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from openassembly.accounts.models import SensitiveAction
from openassembly.meetings import services
from openassembly.meetings.models import Meeting, Requisition
from openassembly.meetings.tests.test_pages import login


@pytest.fixture
def og_meeting(organisation, secretary, body_of, travel, now):
    travel.to(now)
    return services.call_meeting(secretary, organisation=organisation,
                                 body=body_of("organising-group"), title="Organising Group",
                                 starts_at=now + timedelta(days=10), place="Hall")


def _cancel_url(meeting):
    return reverse("meetings:cancel", kwargs={"org": meeting.organisation.slug, "pk": meeting.pk})


def test_cancel_page_refuses_by_the_field_and_keeps_what_was_typed(og_meeting, secretary):
    client = login(secretary)
    page = client.get(_cancel_url(og_meeting)).content.decode()
    assert "Rule 6.9" in page and "two officers of the Organising Group" in page
    response = client.post(_cancel_url(og_meeting), {"route": "decision",
                                                     "reason": "Venue flooded"})
    text = response.content.decode()
    assert response.status_code == 400 and "Give the number of the body" in text
    assert 'id="id_decision_error"' in text and "Venue flooded" in text
    response = client.post(_cancel_url(og_meeting), {"route": "decision", "decision": "99",
                                                     "reason": "Venue flooded"})
    assert response.status_code == 403 and "no decision 99" in response.content.decode()
    assert Meeting.objects.get(pk=og_meeting.pk).status == Meeting.Status.CALLED


def test_cancel_page_proposes_for_a_second_officer(og_meeting, secretary):
    response = login(secretary).post(_cancel_url(og_meeting), {"route": "officers",
                                                               "reason": "Venue flooded"})
    assert response.status_code == 303
    action = SensitiveAction.objects.get(kind="cancel-meeting")
    assert (action.payload["meeting"], action.reason) == (og_meeting.pk, "Venue flooded")
    assert Meeting.objects.get(pk=og_meeting.pk).status == Meeting.Status.CALLED


def test_a_member_who_is_no_officer_is_refused_on_the_form(og_meeting, member):
    response = login(member).post(_cancel_url(og_meeting), {"route": "officers",
                                                            "reason": "Busy"})
    assert response.status_code == 403
    assert "Rule 6.9: only officers of the Organising Group" in response.content.decode()
    assert not SensitiveAction.objects.exists()


def test_members_start_sign_and_call_a_requisitioned_meeting_through_the_pages(
        organisation, group_members, body_of, travel, now, member):
    travel.to(now)
    people = group_members(8)
    body = body_of("coordinating-group")
    first, second = login(people[0]), login(people[1])
    start = reverse("meetings:requisition_start", kwargs={"org": organisation.slug,
                                                          "key": body.key})
    response = first.post(start, {"kind": "general-meeting", "purpose": "The cuts"})
    assert response.status_code == 400
    assert "not a requisition of the Coordinating Group" in response.content.decode()
    response = first.post(start, {"kind": "group", "purpose": "The cuts"})
    assert response.status_code == 303
    requisition = Requisition.objects.get()
    url = reverse("meetings:requisition", kwargs={"org": organisation.slug,
                                                  "pk": requisition.pk})
    assert response["Location"] == url
    refused = login(member).post(url, {})
    assert refused.status_code == 403 and "only members of the" in refused.content.decode()
    assert second.post(url, {}).status_code == 303
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.COMPLETE
    page = second.get(url).content.decode()
    assert "the officers have until" in page and "Call the meeting ourselves" not in page
    travel.to(now + timedelta(days=15))
    page = second.get(url).content.decode()
    assert "Call the meeting ourselves" in page
    call = reverse("meetings:call", kwargs={"org": organisation.slug})
    form = second.get(f"{call}?requisition={requisition.pk}").content.decode()
    assert "as one of the members who signed" in form
    response = second.post(call, {
        "requisition": requisition.pk, "body": body.pk, "title": "Requisitioned meeting",
        "starts_at": (now + timedelta(days=25)).strftime("%Y-%m-%dT%H:%M"), "place": "Hall",
        "agenda": "The cuts"})
    assert response.status_code == 303
    meeting = Meeting.objects.get(requisition=requisition)
    assert meeting.called_by == people[1]
    # A member who did not sign gets the call form refused, with the rule.
    stranger = login(people[5]).post(call, {
        "requisition": requisition.pk, "body": body.pk, "title": "Another",
        "starts_at": (now + timedelta(days=26)).strftime("%Y-%m-%dT%H:%M"), "place": "Hall"})
    assert stranger.status_code == 403
    assert "only the members who signed" in stranger.content.decode()
    index = login(member).get(reverse("meetings:requisitions",
                                      kwargs={"org": organisation.slug})).content.decode()
    assert f"Requisition {requisition.pk}" in index and "the meeting is called" in index
