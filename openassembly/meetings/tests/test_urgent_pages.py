"""An urgent meeting through the browser's doors: called with its matter, other business refused."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from openassembly.meetings.models import Meeting
from openassembly.meetings.tests.test_pages import act, login


def test_urgent_meeting_is_called_with_its_matter_and_refuses_other_items(
        organisation, secretary, body_of, travel, now):
    travel.to(now)
    client = login(secretary)
    url = reverse("meetings:call", kwargs={"org": organisation.slug})
    soon = (now + timedelta(hours=50)).astimezone().strftime("%Y-%m-%dT%H:%M")
    base = {"body": body_of("organising-group").pk, "title": "Urgent", "place": "Hall",
            "starts_at": soon, "urgent": "on",
            "urgency_reason": "The venue for conference withdrew its booking."}
    refused = client.post(url, base | {"agenda": "Conference venue\nAffiliation fees"})
    assert refused.status_code == 400
    assert "Rule 6.3: an urgent meeting may deal only with the matter" in refused.content.decode()
    assert not Meeting.objects.exists()
    response = client.post(url, base | {"urgent_matter": "Conference venue"})
    assert response.status_code == 303
    meeting = Meeting.objects.get()
    page = client.get(response.url).content.decode()
    assert "Called at short notice" in page
    assert "it may deal only with that matter: <strong>Conference venue</strong>" in page
    added = act(client, meeting, "add-item", title="Affiliation fees")
    assert added.status_code == 409
    assert "Rule 6.3: this meeting was called at short notice" in added.content.decode()
    assert meeting.items.count() == 1
