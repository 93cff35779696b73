"""The public ledger and home page speak in sentences, with names looked up in one batch."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from openassembly.core.actors import System
from openassembly.core.ledger import append_event
from openassembly.core.models import LedgerEvent


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_ledger_page_shows_what_happened_as_sentences(client, organisation, sitting):
    page = _text(client.get(f"/o/{organisation.slug}/ledger/"))
    meeting = sitting.meeting
    called = meeting.starts_at
    assert (f"Sec Retary called a meeting of the Coordinating Group for "
            f"{called.astimezone().strftime('%-d %B %Y')}") in page.replace("&#x27;", "'")
    # The meeting is named by its title, looked up from the id the event carries.
    assert f"{sitting.chair.name} opened “Coordinating Group, spring”." in page
    present = sitting.members[0].name
    assert f"{present} signed in at “Coordinating Group, spring”, in person." in page
    # The kind stays visible as a small label, and the data as JSON, never a Python dict.
    assert "meeting.called" in page and "Meeting called" in page
    assert "{'meeting'" not in page and '{"meeting": ' in page.replace("&quot;", '"')


def test_home_page_lists_the_latest_events_as_sentences(client, organisation, sitting):
    page = _text(client.get(f"/o/{organisation.slug}/"))
    last = sitting.members[-1].name
    assert f"{last} signed in at “Coordinating Group, spring”, in person." in page
    assert "meeting.attendance" not in page and "Attendance recorded" in page


def test_record_feed_titles_are_sentences(client, organisation, sitting):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    body = client.get(f"/o/{organisation.slug}/feeds/record.atom").content
    titles = [e.text for e in ElementTree.fromstring(body).findall("a:entry/a:title", ns)]
    assert f"{sitting.chair.name} opened “Coordinating Group, spring”." in titles


def test_names_of_another_organisations_things_are_not_looked_up(client, organisation, sitting):
    from openassembly.core.services import create_organisation
    from openassembly.rules import examples

    text = examples.read("commonweal").replace('slug = "commonweal"', 'slug = "other"', 1)
    other = create_organisation(System("others"), constitution_text=text)
    append_event(other, kind="meeting.opened", actor="Someone",
                 data={"meeting": sitting.meeting.pk})
    page = _text(client.get(f"/o/{other.slug}/ledger/"))
    assert f"Someone opened meeting {sitting.meeting.pk}." in page
    assert "Coordinating Group, spring" not in page


def _fill(organisation, meeting, n):
    """Events of kinds that point at each kind of thing a page looks names up for."""
    for i in range(n):
        append_event(organisation, kind="meeting.opened", actor=f"Chair {i}",
                     data={"meeting": meeting.pk})
        append_event(organisation, kind="petition.signed", actor=None,
                     data={"petition": i + 1, "signatures": i})
        append_event(organisation, kind="sortition.volunteered", actor=None,
                     data={"sortition": i + 1, "pool": i})
        append_event(organisation, kind="seat.vacated", actor="Sec",
                     data={"body": "coordinating-group", "seat": "chair", "label": "Chair",
                           "holder": f"H {i}", "ends_on": "2026-01-01", "reason": "resigned"})


def test_ledger_page_query_count_does_not_grow_with_its_events(
    client, organisation, sitting, django_assert_num_queries
):
    url = f"/o/{organisation.slug}/ledger/"
    _fill(organisation, sitting.meeting, 2)
    # Organisation, count, events, then body, meeting, petition, seat and sortition names, then
    # checkpoints: the same for 8 events of these kinds as for a full page of them.
    with django_assert_num_queries(9) as few:
        client.get(url)
    _fill(organisation, sitting.meeting, 12)
    assert LedgerEvent.objects.filter(organisation=organisation).count() > 50
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count('class="sentence"') == 50


def test_home_page_query_count_is_pinned(client, organisation, sitting,
                                         django_assert_max_num_queries):
    _fill(organisation, sitting.meeting, 3)
    with django_assert_max_num_queries(12):
        assert client.get(f"/o/{organisation.slug}/").status_code == 200
