"""The JSON API gives the same published ballots, receipts, results and petitions."""

from __future__ import annotations

from openassembly.ballots import services
from openassembly.ballots.receipts import display


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
