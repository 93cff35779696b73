"""`make demo` alone gives the member and the officers a start page with something on it: the
open members' ballot waiting for the member's vote, the petition near its threshold, the next
meeting; for an officer the minutes overdue and the rules broken; and a saved pact analysis."""

from __future__ import annotations

from django.test import Client


def _start_page(email: str) -> str:
    from openassembly.accounts.middleware import mark_second_factor_passed
    from openassembly.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    session = client.session
    mark_second_factor_passed(session)
    session.save()
    response = client.get("/o/commonweal/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_demo_start_pages_have_something_to_do(db):
    from openassembly.ballots.models import Petition, Poll
    from openassembly.ballots.selectors import threshold
    from openassembly.demo import organisation as demo
    from openassembly.scenarios.models import SavedAnalysis

    organisation = demo.load_demo(members_count=120)
    ballot = Poll.objects.get(organisation=organisation, kind="referendum", status="open")
    assert set(ballot.referendum.statements.values_list("side", flat=True)) == {"for", "against"}
    bus = Petition.objects.get(organisation=organisation, title__startswith="Put bus fares")
    assert bus.status == "open" and threshold(bus) - bus.signatures_count == 2

    member = _start_page(demo.MEMBER_EMAIL)
    assert "Welcome, Sam Rivers" in member and ballot.title in member
    assert "Put bus fares on the Coordinating Group" in member and "2 more needed" in member
    assert "For the officers" not in member

    chair = _start_page(demo.SECOND_OFFICER_EMAIL)
    assert "For the officers" in chair and "Organising Group, summer" in chair
    overdue = chair.split('id="minutes"', 1)[1].split("<h3", 1)[0]
    assert "Coordinating Group, winter" in overdue  # its minutes were never published
    assert "Coordinating Group, urgent" not in overdue  # published within the fortnight
    assert "Organising Group, spring" not in overdue  # published within the fortnight

    # The secretary's full export waits for a second officer: on the chair's and the
    # treasurer's start pages, never on the proposer's own (she cannot confirm it).
    acts = chair.split('id="acts"', 1)[1].split("<h3", 1)[0]
    assert "Full export" in acts and "proposed by Morwen Ashby" in acts
    assert "auditors" in _start_page(demo.TREASURER_EMAIL).split('id="acts"', 1)[1].split(
        "<h3", 1)[0]
    own = _start_page(demo.OFFICER_EMAIL).split('id="acts"', 1)[1].split("<h3", 1)[0]
    assert "Full export" not in own

    saved = SavedAnalysis.objects.get(organisation=organisation)
    assert saved.title == "A progressive pact at the 2015 general election"
