"""A candidate withdrawing: off the paper before voting, passed over by the count during it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.urls import reverse

from openassembly import counting
from openassembly.ballots import services
from openassembly.ballots.models import Candidacy, Poll
from openassembly.core.errors import Conflict, PowerDenied
from openassembly.core.models import LedgerEvent

NAMES = ["Ada Abbot", "Bram Bryn", "Cerys Castell", "Dev Dale", "Elin Ellis", "Femi Fenwick"]


def url(name, poll, **kw):
    return reverse(f"ballots:{name}", kwargs={"org": poll.organisation.slug, "pk": poll.pk, **kw})


@pytest.fixture
def contested(announced, secretary, voters, timetable):
    """Six candidates validly nominated for the four East places; nominations closed."""
    with timetable.during_nominations():
        services.open_nominations(secretary, election=announced)
        for candidate in voters[:6]:
            candidacy = services.stand(candidate, election=announced, statement="Vote for me.")
            for supporter in voters[6:8]:
                services.nominate(supporter, candidacy=candidacy)
    with timetable.after_nominations():
        services.close_nominations(secretary, election=announced)
    announced.poll.refresh_from_db()
    return announced


def candidacy_of(election, member):
    return Candidacy.objects.get(election=election, member=member)


def labels(poll):
    return list(poll.choices.order_by("position").values_list("position", "label"))


def test_withdrawing_during_nominations_ends_the_candidacy(announced, secretary, voters,
                                                            timetable):
    with timetable.during_nominations():
        services.open_nominations(secretary, election=announced)
        candidacy = services.stand(voters[0], election=announced, statement="Vote for me.")
        services.withdraw(voters[0], candidacy=candidacy)
        with pytest.raises(Conflict, match="You withdrew on"):
            services.withdraw(voters[0], candidacy=candidacy)
    candidacy.refresh_from_db()
    assert candidacy.status == Candidacy.Status.WITHDRAWN and candidacy.withdrawn_at
    event = LedgerEvent.objects.get(kind="candidate.withdrawn")
    assert event.data == {"poll": announced.poll_id, "candidate": "Ada Abbot",
                          "stage": "nominations"}


def test_before_voting_the_name_comes_off_the_ballot_paper(contested, secretary, voters,
                                                            timetable):
    with timetable.after_nominations():
        services.withdraw(voters[1], candidacy=candidacy_of(contested, voters[1]))
    poll = contested.poll
    assert labels(poll) == list(enumerate([n for n in NAMES if n != "Bram Bryn"], start=1))
    event = LedgerEvent.objects.get(kind="candidate.withdrawn")
    assert event.data["on_ballot_paper"] is False and "Bram Bryn" not in event.data["choices"]
    with timetable.during_voting():
        services.open_voting(secretary, poll=poll)
    assert "Bram Bryn" not in LedgerEvent.objects.get(kind="poll.opened").data["choices"]


def test_during_voting_the_name_stays_and_the_count_treats_it_as_withdrawn(
        contested, secretary, voters, timetable):
    with timetable.during_voting():
        poll = services.open_voting(secretary, poll=contested.poll)
        # Ada has the most first preferences; two ballots name nobody but her.
        for voter, marks in zip(voters[:4], [[1, 2], [1, 3], [1], [1]], strict=True):
            services.cast_ballot(voter, poll=poll, marks=marks)
        services.withdraw(voters[0], candidacy=candidacy_of(contested, voters[0]))
        # The paper voters see has not changed: a ballot may still rank her.
        assert labels(poll) == list(enumerate(NAMES, start=1))
        for voter, marks in zip(voters[4:], [[1, 4], [5, 6], [2, 3], [4, 2], [6]], strict=True):
            services.cast_ballot(voter, poll=poll, marks=marks)
    event = LedgerEvent.objects.get(kind="candidate.withdrawn")
    assert (event.data["on_ballot_paper"], event.data["position"]) == (True, 1)
    with timetable.after_voting():
        poll = services.close_voting(secretary, poll=poll)
        assert poll.blt.splitlines()[3:5] == ["6 4", "-1"]
        assert LedgerEvent.objects.get(kind="poll.closed").data["withdrawn"] == ["Ada Abbot"]
        poll = services.declare_result(secretary, poll=services.count_poll(secretary, poll=poll))
    assert "Ada Abbot" not in poll.outcome["elected"] and len(poll.outcome["elected"]) == 4
    assert poll.result["withdrawn"] == ["Ada Abbot"]
    assert poll.invalid_count == 2  # the two ballots that named only her
    assert LedgerEvent.objects.get(kind="poll.declared").data["elected"] == poll.outcome[
        "elected"]


def test_recount_of_the_published_file_passes_over_the_withdrawn_too(contested, secretary,
                                                                     voters, timetable,
                                                                     tmp_path):
    with timetable.during_voting():
        poll = services.open_voting(secretary, poll=contested.poll)
        services.withdraw(voters[2], candidacy=candidacy_of(contested, voters[2]))
        for voter, marks in zip(voters, [[3, 1], [3, 2], [3, 4], [1], [2, 3], [5], [6, 3],
                                         [4], [3]], strict=True):
            services.cast_ballot(voter, poll=poll, marks=marks)
    with timetable.after_voting():
        poll = services.close_voting(secretary, poll=poll)
        poll = services.declare_result(secretary, poll=services.count_poll(secretary, poll=poll))
    path = tmp_path / "published.blt"
    path.write_text(poll.blt, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "openassembly.cli", "count", str(path), "--method", poll.method,
         "--seats", str(poll.seats), "--seed", poll.seed, "--format", "json"],
        capture_output=True, text=True, check=True, timeout=60,
    )
    recount = json.loads(run.stdout)
    assert recount == poll.result
    assert recount["withdrawn"] == ["Cerys Castell"]
    assert "Cerys Castell" not in recount["elected"]
    # Counting the same ballots as if nobody had withdrawn elects her: the line matters.
    ignored = counting.read_blt(poll.blt.replace("\n-3\n", "\n"))
    assert "Cerys Castell" in counting.count(ignored, method=poll.method, seats=poll.seats,
                                             seed=poll.seed).elected


def test_only_the_candidate_can_withdraw(contested, secretary, voters, timetable):
    with timetable.after_nominations(), pytest.raises(PowerDenied, match="Only the candidate"):
        services.withdraw(secretary, candidacy=candidacy_of(contested, voters[0]))
    assert candidacy_of(contested, voters[0]).status == Candidacy.Status.ON_BALLOT


def test_withdrawing_after_voting_closes_is_refused(contested, secretary, voters, timetable):
    with timetable.during_voting():
        poll = services.open_voting(secretary, poll=contested.poll)
    with timetable.after_voting():
        services.close_voting(secretary, poll=poll)
        with pytest.raises(Conflict, match="Voting has closed"):
            services.withdraw(voters[0], candidacy=candidacy_of(contested, voters[0]))


def test_a_withdrawal_that_leaves_fewer_candidates_than_places_is_refused(nominated, voters,
                                                                          timetable):
    with timetable.after_nominations(), pytest.raises(
        Conflict, match="leave 3 candidates for 4 places.*cancel the election instead"
    ):
        services.withdraw(voters[0], candidacy=candidacy_of(nominated, voters[0]))
    assert nominated.poll.choices.count() == 4
    with timetable.after_nominations(), pytest.raises(Conflict, match="not validly nominated"):
        services.withdraw(voters[4], candidacy=candidacy_of(nominated, voters[4]))


def test_candidate_withdraws_from_the_poll_page_and_the_list_says_so(contested, secretary,
                                                                     voters, client, timetable):
    poll = contested.poll
    client.force_login(voters[0].user)
    withdraw = url("withdraw", poll, cid=candidacy_of(contested, voters[0]).pk)
    with timetable.during_voting():
        services.open_voting(secretary, poll=poll)
        page = client.get(url("poll", poll)).content.decode()
        assert withdraw in page and "your name stays on the ballot paper" in page
        assert client.post(withdraw).status_code == 302
        page = client.get(url("poll", poll)).content.decode()
    assert withdraw not in page
    assert "Withdrew on" in page and "stays on the ballot paper (line 1)" in page
    with timetable.after_voting():
        services.close_voting(secretary, poll=poll)
        services.declare_result(secretary, poll=services.count_poll(secretary, poll=poll))
    page = client.get(url("poll", poll)).content.decode()
    assert "on the ballot paper but not counted: Ada Abbot" in page
    results = client.get(url("results", poll)).content.decode()
    assert "Withdrawn after voting opened, and so not counted: Ada Abbot" in results


def test_another_member_sees_no_withdraw_button_and_cannot_post_one(contested, voters, client,
                                                                     timetable):
    poll = contested.poll
    client.force_login(voters[1].user)
    withdraw = url("withdraw", poll, cid=candidacy_of(contested, voters[0]).pk)
    with timetable.after_nominations():
        assert withdraw not in client.get(url("poll", poll)).content.decode()
        assert client.post(withdraw).status_code == 403
    assert candidacy_of(contested, voters[0]).status == Candidacy.Status.ON_BALLOT
    assert poll.status == Poll.Status.NOMINATIONS_CLOSED
