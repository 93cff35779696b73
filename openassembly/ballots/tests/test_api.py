"""The JSON API gives the same published ballots, receipts, results and petitions."""

from __future__ import annotations

import pytest

from openassembly.ballots import services
from openassembly.ballots.receipts import display
from openassembly.core.actors import System


def test_api_publishes_result_ballots_and_checks_receipts(voting, voters, secretary, timetable,
                                                          client, django_assert_max_num_queries):
    with timetable.during_voting():
        receipts = [services.cast_ballot(v, poll=voting, marks=[1, 2]) for v in voters[:4]]
        assert client.get(f"/api/o/commonweal/polls/{voting.pk}/ballots").status_code == 404
        live = client.get(f"/api/o/commonweal/polls/{voting.pk}").json()
        assert live["turnout"]["voters"] == 4 and live["turnout"]["balanced"]
    with timetable.after_voting():
        poll = services.close_voting(secretary, poll=voting)
        services.declare_result(secretary, poll=services.count_poll(secretary, poll=poll))
    detail = client.get(f"/api/o/commonweal/polls/{voting.pk}").json()
    assert detail["status"] == "declared"
    assert detail["result"]["format"] == "openassembly.count/1"
    with django_assert_max_num_queries(4):
        ballots = client.get(f"/api/o/commonweal/polls/{voting.pk}/ballots").json()
    assert sorted(b["receipt"] for b in ballots) == sorted(display(r) for r in receipts)
    assert ballots[0]["marks"] == ["Ada Abbot", "Bram Bryn"]
    found = client.get(f"/api/o/commonweal/polls/{voting.pk}/receipts/{receipts[0]}").json()
    assert found == {"receipt": display(receipts[0]), "found": True,
                     "marks": ["Ada Abbot", "Bram Bryn"]}
    bad = client.get(f"/api/o/commonweal/polls/{voting.pk}/receipts/UUUU-UUUU")
    assert bad.status_code == 400 and "cannot be part of one" in bad.json()["detail"]
    listed = client.get("/api/o/commonweal/polls").json()
    assert [p["id"] for p in listed] == [voting.pk]


def test_api_lists_petitions_with_their_threshold(member, organisation, make_voter, client):
    for i in range(40):
        make_voter(f"Signer {i}", user=False)
    services.start_petition(member, organisation=organisation, kind="agenda",
                            title="Debate housing", text="Please.")
    (petition,) = client.get("/api/o/commonweal/petitions").json()
    assert (petition["signatures"], petition["needed"], petition["status"]) == (1, 1, "succeeded")


def _voter_client(voter):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(voter.user)
    client.cookies["csrftoken"] = "a" * 32
    return client


def _cast(client, poll, body):
    import json

    return client.post(f"/api/o/commonweal/polls/{poll.pk}/ballot", json.dumps(body),
                       content_type="application/json", HTTP_X_CSRFTOKEN="a" * 32)


def test_a_ballot_cast_through_the_api_gives_its_receipt_once(voting, voters, timetable):
    from openassembly.ballots.models import Ballot, Participation

    client = _voter_client(voters[0])
    with timetable.during_voting():
        cast = _cast(client, voting, {"marks": [2, 1]})
        assert cast.status_code == 200
        receipt = cast.json()["receipt"]
        again = _cast(client, voting, {"marks": [1]})
    assert again.status_code == 409 and "first ballot stands" in again.json()["detail"]
    ballot = Ballot.objects.get(poll=voting)
    assert display(ballot.receipt) == receipt and ballot.marks == [2, 1]
    assert Participation.objects.filter(poll=voting, member=voters[0]).count() == 1


def test_the_api_refuses_bad_ballots_and_records_nothing(voting, voters, member, timetable):
    from django.test import Client

    from openassembly.ballots.models import Ballot, Participation

    client = _voter_client(voters[1])
    with timetable.during_voting():
        assert _cast(client, voting, {"marks": [1, 1]}).json()["detail"] == (
            "A choice is marked more than once.")
        assert "numbered 1 to" in _cast(client, voting, {"marks": [99]}).json()["detail"]
        assert "blank" in _cast(client, voting, {"marks": []}).json()["detail"]
        both = _cast(client, voting, {"marks": [1], "blank": True})
        assert both.status_code == 400
        # Not on the roll (the shared cast's member is not in the East region).
        outsider = _cast(_voter_client(member), voting, {"marks": [1]})
        assert outsider.status_code == 403 and "electoral roll" in outsider.json()["detail"]
        # No session, and a session without the CSRF token, are both refused.
        anonymous = Client(enforce_csrf_checks=True)
        assert _cast(anonymous, voting, {"marks": [1]}).status_code in (401, 403)
        no_token = Client(enforce_csrf_checks=True)
        no_token.force_login(voters[2].user)
        refused = no_token.post(f"/api/o/commonweal/polls/{voting.pk}/ballot", '{"marks": [1]}',
                                content_type="application/json")
        assert refused.status_code in (401, 403)
    assert not Ballot.objects.filter(poll=voting).exists()
    assert not Participation.objects.filter(poll=voting).exists()


def test_a_blank_ballot_must_be_asked_for(voting, voters, timetable):
    from openassembly.ballots.models import Ballot

    with timetable.during_voting():
        cast = _cast(_voter_client(voters[3]), voting, {"marks": [], "blank": True})
    assert cast.status_code == 200
    assert Ballot.objects.get(poll=voting).marks == []


def test_the_cached_ballot_paper_never_lets_a_ballot_into_a_closed_poll(voting, voters,
                                                                      secretary, timetable):
    from openassembly.ballots import selectors
    from openassembly.ballots.models import Ballot

    client = _voter_client(voters[4])
    with timetable.during_voting():
        poll, choices = selectors.paper_for_voting(voting.organisation, voting.pk)
        assert poll.status == "open" and [c.position for c in choices] == list(
            range(1, len(choices) + 1))
        services.cancel_poll(secretary, poll=voting, reason="The count cannot be trusted.")
        # The paper is still cached as open; the ballot's own statement reads the real status.
        assert selectors.paper_for_voting(voting.organisation, voting.pk)[0].status == "open"
        refused = _cast(client, voting, {"marks": [1]})
    assert refused.status_code == 409 and "cancelled" in refused.json()["detail"]
    assert not Ballot.objects.filter(poll=voting).exists()


def test_the_ballot_paper_of_another_organisations_poll_is_not_found(voting, voters):
    from openassembly.ballots import selectors
    from openassembly.core.errors import NotFound
    from openassembly.core.services import create_organisation
    from openassembly.rules import examples

    other = create_organisation(System("test"), constitution_text=examples.read(
        "commonweal").replace('slug = "commonweal"', 'slug = "elsewhere"'))
    with pytest.raises(NotFound):
        selectors.paper_for_voting(other, voting.pk)
