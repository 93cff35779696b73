"""The pages, through HTTP as a phone or browser uses them (no JavaScript needed)."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from openassembly.meetings import services
from openassembly.meetings.models import Division, Meeting, Paper, Vote


def login(member) -> Client:
    from openassembly.accounts.middleware import mark_second_factor_passed

    client = Client()
    client.force_login(member.user)
    session = client.session
    mark_second_factor_passed(session)
    session.save()
    return client


def act(client, meeting, name, **data):
    url = reverse("meetings:act", kwargs={"org": meeting.organisation.slug, "pk": meeting.pk,
                                          "name": name})
    return client.post(url, data)


def test_call_form_refuses_short_notice_and_calls_with_enough(organisation, secretary, body_of,
                                                             travel, now):
    travel.to(now)
    client = login(secretary)
    url = reverse("meetings:call", kwargs={"org": organisation.slug})
    base = {"body": body_of("organising-group").pk, "title": "Steering", "place": "Hall",
            "agenda": "Budget -- The **budget**\nAOB"}
    soon = (now + timedelta(hours=20)).astimezone().strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, base | {"starts_at": soon})
    assert response.status_code == 400
    assert "Rule 6.2 requires 7 days" in response.content.decode()
    assert not Meeting.objects.exists()
    later = (now + timedelta(days=8)).astimezone().strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, base | {"starts_at": later})
    meeting = Meeting.objects.get()
    assert response.status_code == 303
    assert [i.title for i in meeting.items.all()] == ["Budget", "AOB"]


def test_member_cannot_reach_the_call_form(organisation, member):
    response = login(member).get(reverse("meetings:call", kwargs={"org": organisation.slug}))
    assert response.status_code == 403


def test_phone_voting_without_javascript(sitting, seconded):
    motion = seconded()
    chair = login(sitting.chair)
    meeting = sitting.meeting
    assert act(chair, meeting, "open-division", motion=motion.pk, method="named").status_code == 303
    division = Division.objects.get()
    phone = login(sitting.members[4])
    live = phone.get(reverse("meetings:live", kwargs={"org": meeting.organisation.slug,
                                                      "pk": meeting.pk}))
    page = live.content.decode()
    assert "0 of 15 have voted" in page
    # Each button's request is the same size, whatever the choice.
    values = re.findall(r'<button name="choice" value="([^"]*)"', page)
    assert sorted(v.strip() for v in values) == ["abstain", "against", "for"]
    assert len({len(urlencode({"choice": v})) for v in values}) == 1
    response = act(phone, meeting, "vote", division=division.pk, choice="against",
                   next=f"/o/{meeting.organisation.slug}/meetings/{meeting.pk}/live/")
    assert response.status_code == 303 and response.url.endswith("/live/")
    again = act(phone, meeting, "vote", division=division.pk, choice="for")
    assert again.status_code == 409
    assert "your first vote stands" in again.content.decode()
    assert list(Vote.objects.values_list("choice", flat=True)) == ["against"]
    status = login(sitting.members[0]).get(reverse(
        "meetings:projector_status", kwargs={"org": meeting.organisation.slug, "pk": meeting.pk}))
    assert "1 of 15 have voted" in status.content.decode()
    # The padded "for" counts as For.
    padded = act(login(sitting.members[5]), meeting, "vote", division=division.pk,
                 choice=values[0])
    assert padded.status_code == 303
    assert sorted(Vote.objects.values_list("choice", flat=True)) == ["against", "for"]


def test_non_officer_opening_a_division_gets_a_clear_refusal(sitting, seconded):
    motion = seconded()
    response = act(login(sitting.members[3]), sitting.meeting, "open-division",
                   motion=motion.pk, method="named")
    assert response.status_code == 403
    body = response.content.decode()
    assert "only the chair of this meeting" in body and 'role="alert"' in body
    assert not Division.objects.exists()


def test_paper_upload_checks_type_and_size(sitting, travel, settings, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from openassembly.meetings.services import papers

    client = login(sitting.secretary)
    meeting = sitting.meeting
    exe = SimpleUploadedFile("report.exe", b"MZ\x90\x00binary", content_type="application/pdf")
    response = act(client, meeting, "paper", title="Report", file=exe, item=sitting.item.pk)
    assert response.status_code == 400
    assert "is not a paper this site can show" in response.content.decode()
    monkeypatch.setattr(papers, "MAX_PAPER_BYTES", 1000)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"x" * 2000 + b"\n%%EOF")
    response = act(client, meeting, "paper", title="Big", file=big)
    assert response.status_code == 400 and "the limit is" in response.content.decode()
    script = SimpleUploadedFile("notes.md", b"# Notes\n<script>alert(1)</script>")
    assert act(client, meeting, "paper", title="N", file=script).status_code == 400
    assert not Paper.objects.exists()
    pdf = SimpleUploadedFile("ok.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    assert act(client, meeting, "paper", title="Accounts", file=pdf).status_code == 303
    version = Paper.objects.get().versions.get()
    # Circulated during the meeting: five days late against rule 6.4.
    assert version.late and version.lateness_rule == "6.4"
    assert "5 days late" in version.lateness_reason
    url = reverse("meetings:paper", kwargs={"org": meeting.organisation.slug, "pk": meeting.pk,
                                            "paper_pk": version.paper_id, "number": 1})
    response = Client().get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "sandbox"


def test_markdown_paper_versions_and_lateness(organisation, secretary, chair, body_of, travel,
                                              now):
    travel.to(now)
    meeting = services.call_meeting(secretary, organisation=organisation,
                                    body=body_of("organising-group"), title="OG",
                                    starts_at=now + timedelta(days=8), place="Hall", chair=chair)
    first = services.circulate_paper(secretary, meeting=meeting, title="Budget",
                                     markdown="# Budget\n\nThe *numbers*.")
    assert not first.late and "on time" in first.lateness_reason
    travel.to(now + timedelta(days=7, hours=12))
    second = services.circulate_paper(secretary, meeting=meeting, paper=first.paper,
                                      markdown="# Budget\n\nRevised.")
    assert second.number == 2 and second.late
    assert "4 days and 12 hours late" in second.lateness_reason
    assert first.html == "<h1>Budget</h1>\n<p>The <em>numbers</em>.</p>\n"


def test_public_pages_render_for_anyone(sitting, seconded, vote):
    division = vote(seconded(), 6, 3, 1)
    org = sitting.meeting.organisation.slug
    anonymous = Client()
    pages = [
        reverse("meetings:index", kwargs={"org": org}),
        reverse("meetings:meeting", kwargs={"org": org, "pk": sitting.meeting.pk}),
        reverse("meetings:live", kwargs={"org": org, "pk": sitting.meeting.pk}),
        reverse("meetings:projector", kwargs={"org": org, "pk": sitting.meeting.pk}),
        reverse("meetings:division", kwargs={"org": org, "pk": division.pk}),
        reverse("meetings:decisions", kwargs={"org": org}),
        reverse("meetings:compliance", kwargs={"org": org}),
        reverse("meetings:withheld", kwargs={"org": org}),
        reverse("meetings:body", kwargs={"org": org, "key": "coordinating-group"}),
        reverse("meetings:minutes", kwargs={"org": org, "pk": sitting.meeting.pk}),
    ]
    for url in pages:
        assert anonymous.get(url).status_code == 200, url
    page = anonymous.get(pages[4]).content.decode()
    assert "Carried" in page and sitting.members[0].name in page


@pytest.mark.parametrize("name", ["index", "decisions", "compliance", "withheld"])
def test_list_pages_pin_their_query_count(sitting, seconded, vote, name,
                                          django_assert_max_num_queries):
    for _ in range(3):
        vote(seconded(), 9, 5, 1)
    url = reverse(f"meetings:{name}", kwargs={"org": sitting.meeting.organisation.slug})
    client = Client()
    # About one query a compliance check (each reads its own records), however many records:
    # the page's budget grows with the checks registered, never with the records.
    from openassembly.core import compliance

    budget = 14 if name != "compliance" else len(compliance._SPECS) + 5
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


def test_meeting_page_query_count_does_not_grow_with_motions(sitting, seconded, vote,
                                                              django_assert_max_num_queries):
    for _ in range(4):
        vote(seconded(), 9, 5, 1)
    url = reverse("meetings:meeting", kwargs={"org": sitting.meeting.organisation.slug,
                                              "pk": sitting.meeting.pk})
    with django_assert_max_num_queries(30):
        assert Client().get(url).status_code == 200


def test_ical_feed(sitting):
    url = reverse("meetings:ical", kwargs={"org": sitting.meeting.organisation.slug,
                                           "key": "coordinating-group"})
    response = Client().get(url)
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert f"UID:meeting-{sitting.meeting.pk}@127.0.0.1" in text
    # Links are built from SITE_URL, not from whatever host the request named.
    assert f"URL:http://127.0.0.1:8000/o/{sitting.meeting.organisation.slug}/" in text.replace(
        "\r\n ", "")
    assert "SUMMARY:Coordinating Group\\, spring" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_api_lists_meetings_and_votes_through_the_session(sitting, seconded, vote):
    import json

    org = sitting.meeting.organisation.slug
    meetings = Client().get(f"/api/o/{org}/meetings").json()
    assert meetings[0]["id"] == sitting.meeting.pk and meetings[0]["notice_rule"] == "6.2"
    division = services.open_division(sitting.chair, motion=seconded())
    voter = Client(enforce_csrf_checks=True)
    voter.force_login(sitting.members[2].user)
    url = f"/api/o/{org}/divisions/{division.pk}/vote"
    refused = voter.post(url, json.dumps({"choice": "for"}), content_type="application/json")
    assert refused.status_code == 403  # no CSRF token
    voter.cookies["csrftoken"] = "a" * 32
    response = voter.post(url, json.dumps({"choice": "for"}), content_type="application/json",
                          HTTP_X_CSRFTOKEN="a" * 32)
    assert response.status_code == 200 and response.json() == {"recorded": 1}
    twice = voter.post(url, json.dumps({"choice": "against"}), content_type="application/json",
                       HTTP_X_CSRFTOKEN="a" * 32)
    assert twice.status_code == 409 and "first vote stands" in twice.json()["detail"]
    status = Client().get(f"/api/o/{org}/divisions/{division.pk}").json()
    assert (status["voted"], status["eligible"], status["votes_for"]) == (1, 15, None)
    services.close_division(sitting.chair, division=division)
    closed = Client().get(f"/api/o/{org}/divisions/{division.pk}").json()
    assert closed["carried"] is True and closed["named_votes"][0]["choice"] == "for"


def test_person_page_lists_attendance_and_named_votes(sitting, seconded, vote):
    vote(seconded(title="Public motion"), 9, 5, 1)
    person = sitting.members[12]
    page = Client().get(reverse("record:person", kwargs={"org": person.organisation.slug,
                                                         "pk": person.pk})).content.decode()
    assert "Coordinating Group, spring" in page and "Public motion" in page
    assert "against" in page
    home = Client().get(reverse("record:home", kwargs={"org": person.organisation.slug}))
    assert reverse("meetings:compliance", kwargs={"org": person.organisation.slug}) in (
        home.content.decode())


def test_meeting_page_renders_for_every_role_in_a_busy_meeting(sitting, seconded, vote,
                                                                member):
    meeting = sitting.meeting
    motion = seconded(text="We will march in Leeds.")
    amendment = services.move_amendment(sitting.members[2], motion=motion, delete_text="Leeds",
                                        insert_text="York")
    services.second_motion(sitting.members[3], motion=amendment)
    vote(amendment, 8, 5, 0)
    services.move_reference_back(sitting.members[4], motion=motion, reason="Costs")
    point = services.raise_point_of_order(sitting.members[5], meeting=meeting, text="Order!")
    services.rule_on_point(sitting.chair, point=point, ruling="Noted.")
    services.ask_to_speak(sitting.members[6], item=sitting.item)
    private = services.add_item(sitting.chair, meeting=meeting, title="Staffing")
    services.take_in_private(sitting.chair, item=private, ground="individual")
    version = services.circulate_paper(sitting.secretary, meeting=meeting, item=private,
                                       title="Staff report", markdown="Confidential.")
    services.withhold_paper(sitting.chair, version=version, ground="individual")
    services.attend(member, meeting=meeting, mode="online")
    carried = services.move_motion(sitting.members[0], item=sitting.item, title="Leaflets",
                                   text="Print leaflets.")
    services.second_motion(sitting.members[1], motion=carried)
    vote(carried, 9, 5, 1)
    open_hands = services.move_motion(sitting.members[0], item=sitting.item, title="Hands",
                                      text="By hands.")
    services.second_motion(sitting.members[1], motion=open_hands)
    services.open_division(sitting.chair, motion=open_hands, method="hands")
    url = reverse("meetings:meeting", kwargs={"org": meeting.organisation.slug,
                                              "pk": meeting.pk})
    pages = {
        "chair": login(sitting.chair).get(url),
        "secretary": login(sitting.secretary).get(url),
        "delegate": login(sitting.members[0]).get(url),
        "observer": login(member).get(url),
        "public": Client().get(url),
    }
    for who, response in pages.items():
        assert response.status_code == 200, who
    chair_page = pages["chair"].content.decode()
    assert "Record the show of hands" in chair_page and "give the floor" in chair_page
    delegate_page = pages["delegate"].content.decode()
    assert "Withdraw" in delegate_page and "Amend motion" in delegate_page
    assert "<del>Leeds.</del><ins>York.</ins>" in delegate_page
    public = pages["public"].content.decode()
    assert "taken in private, rule 6.7" in public and "Confidential" not in public
    paper = Client().get(reverse("meetings:paper", kwargs={
        "org": meeting.organisation.slug, "pk": meeting.pk, "paper_pk": version.paper_id,
        "number": 1}))
    assert paper.status_code == 403
    live = login(sitting.members[0]).get(reverse("meetings:live", kwargs={
        "org": meeting.organisation.slug, "pk": meeting.pk}))
    assert "Show of hands" in live.content.decode()


def test_a_vote_over_the_api_makes_a_pinned_number_of_queries(sitting, seconded, settings):
    import json

    # Every LEDGER_CHECKPOINT_EVERY-th event id asks for a seal, one more query. PostgreSQL's
    # sequences are not rolled back with a test, so on it the vote's event id is any number
    # and the pin failed about one run in a hundred: the seal trigger is tested on its own.
    settings.LEDGER_CHECKPOINT_EVERY = 0

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    division = services.open_division(sitting.chair, motion=seconded())
    voter = Client(enforce_csrf_checks=True)
    voter.force_login(sitting.members[4].user)
    voter.cookies["csrftoken"] = "a" * 32
    url = f"/api/o/{division.organisation.slug}/divisions/{division.pk}/vote"
    with CaptureQueriesContext(connection) as queries:
        response = voter.post(url, json.dumps({"choice": "for"}),
                              content_type="application/json", HTTP_X_CSRFTOKEN="a" * 32)
    assert response.status_code == 200 and response.json() == {"recorded": 1}
    # Django's session, its user, the officer-seat check and the membership; then, in one
    # transaction, the division (scoped to the member's organisation) under the shared lock,
    # the roll claim, the vote and its ledger event. The same on SQLite and PostgreSQL.
    sql = [q["sql"] for q in queries.captured_queries]
    assert len([q for q in sql if "SAVEPOINT" not in q]) == 8, sql
    assert sum("meetings_division" in q for q in sql) == 1, sql
    assert Vote.objects.get(division=division).member == sitting.members[4]
