"""In Chromium, with JavaScript and without: every ballot's request is one length whatever was
marked, and a voter whose
receipt page never arrived gets the receipt back from the secret their browser kept, which the
server never stored (openassembly/ballots/receipts.py, static/openassembly/ballot.js)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.utils import timezone

from openassembly.core.actors import System

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
NAMES = ["Ada Abbot", "Bram Bryn", "Cerys Castell", "Dev Dale", "Elin Ellis", "Femi Fenwick",
         "Gwen Garth"]


@pytest.fixture
def election(transactional_db):
    """The East regional election (ranked, 4 places), open, with seven members on its roll."""
    from openassembly.accounts.models import User
    from openassembly.ballots import services
    from openassembly.core import clock
    from openassembly.core.services import create_organisation
    from openassembly.members.models import Member, Region
    from openassembly.rules import examples
    from tests.browser.helpers import officer

    organisation = create_organisation(System("tests"),
                                       constitution_text=examples.read("commonweal"))
    secretary, _ = officer(organisation, "organising-group", "secretary", "sec@example.org")
    east = Region.objects.get(organisation=organisation, name="East")
    people = [Member.objects.create(
        organisation=organisation, name=name, email=f"{name.split()[0].lower()}@east.example",
        user=User.objects.create_user(f"{name.split()[0].lower()}@east.example", PASSWORD),
        region=east, joined_on=clock.today() - timedelta(days=28))  # rule 2.8's qualifying period
        for name in NAMES]
    start = timezone.now().replace(microsecond=0) + timedelta(hours=1)
    opens = start + timedelta(days=15)
    with clock.frozen_at(start - timedelta(minutes=30)):
        election = services.create_election(
            secretary, organisation=organisation, key="regional", region=east,
            nominations_open_at=start, nominations_close_at=start + timedelta(days=14),
            opens_at=opens, closes_at=opens + timedelta(days=7), roll_date=opens.date())
    with clock.frozen_at(start + timedelta(days=1)):
        services.open_nominations(secretary, election=election)
        for candidate in people[:4]:
            candidacy = services.stand(candidate, election=election, statement="Vote for me.")
            for supporter in people[5:7]:
                services.nominate(supporter, candidacy=candidacy)
    with clock.frozen_at(start + timedelta(days=14, hours=1)):
        services.close_nominations(secretary, election=election)
    during = opens + timedelta(hours=1)
    with clock.frozen_at(during):
        services.open_voting(secretary, poll=election.poll)
    return organisation, election.poll, people, during


def _sign_in(page, base: str, email: str, next_path: str) -> None:
    # The server's first page can be slow on a loaded machine (templates, static files).
    page.goto(f"{base}/accounts/login/?next={next_path}", timeout=60_000)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _mark(page, labels: list[str], preferences: list[int], *, blank: bool = False) -> None:
    for rank, position in enumerate(preferences, 1):
        page.get_by_label(labels[position - 1], exact=True).select_option(str(rank))
    if blank:
        page.get_by_label("I want to cast a blank ballot").check()


def test_every_ballot_request_has_one_length(election, live_server, new_page):
    from openassembly.core import clock

    organisation, poll, people, during = election
    labels = list(poll.choices.order_by("position").values_list("label", flat=True))
    path = f"/o/{organisation.slug}/polls/{poll.pk}/vote/"
    bodies: list[bytes] = []

    def hold(route):
        # The ballot never reaches the server: one voter tries every way of marking it. (204
        # leaves the browser on the page, so the next ballot paper loads cleanly.)
        bodies.append(route.request.post_data_buffer)
        route.fulfill(status=204, body="")

    page = new_page()
    with clock.frozen_at(during):
        _sign_in(page, live_server.url, people[0].email, path)
        page.route(f"**{path}", lambda route: hold(route) if route.request.method == "POST"
                   else route.continue_())
        ballots = [([p], False) for p in range(1, 5)]
        ballots += [(list(range(1, k + 1)), False) for k in range(2, 5)]
        ballots += [([4, 3, 2, 1], False), ([], True)]
        for preferences, blank in ballots:
            page.goto(f"{live_server.url}{path}")
            _mark(page, labels, preferences, blank=blank)
            with page.expect_request(lambda r: r.method == "POST"):
                page.get_by_role("button", name="Cast my ballot").click()
    assert len(bodies) == len(ballots)
    assert len({len(b) for b in bodies}) == 1, sorted({len(b) for b in bodies})
    fields = [dict(parse_qsl(b.decode(), keep_blank_values=True)) for b in bodies]
    # Each request carried the same secret (kept for recovery). Every mark is sent at one
    # width, so the form alone made them one length and the script had nothing to pad.
    assert len({f["secret"] for f in fields}) == 1 and len(fields[0]["secret"]) == 15
    assert {f["padding"] for f in fields} == {""}


def test_without_javascript_two_different_ballots_post_one_length(election, live_server,
                                                                  browser):
    """A browser with JavaScript switched off sends the form as it is, unpadded: two voters
    casting different ballots (one preference, and four) send requests of one length, and both
    are counted as marked."""
    from openassembly.ballots.models import Ballot
    from openassembly.core import clock

    organisation, poll, people, during = election
    labels = list(poll.choices.order_by("position").values_list("label", flat=True))
    path = f"/o/{organisation.slug}/polls/{poll.pk}/vote/"
    sent: list[tuple[int, dict]] = []
    with clock.frozen_at(during):
        for person, preferences in ((people[0], [3]), (people[1], [4, 2, 1, 3])):
            context = browser.new_context(java_script_enabled=False)
            context.set_default_timeout(20_000)
            page = context.new_page()
            page.on("request", lambda r: sent.append(
                (len(r.post_data_buffer), dict(parse_qsl(r.post_data, keep_blank_values=True))))
                if r.method == "POST" and urlsplit(r.url).path == path else None)
            _sign_in(page, live_server.url, person.email, path)
            _mark(page, labels, preferences)
            page.get_by_role("button", name="Cast my ballot").click()
            page.locator("#receipt").wait_for()
            context.close()
    assert len(sent) == 2
    (first, one), (second, four) = sent
    assert first == second, (first, second)
    # No script ran: no secret, no padding; the marks themselves are of one width.
    assert one["secret"] == four["secret"] == "" and one["padding"] == four["padding"] == ""
    assert one["c3"] == "1" and one["c1"] == "0" and four["c4"] == "1"
    assert sorted(b.marks for b in Ballot.objects.filter(poll=poll)) == [[3], [4, 2, 1, 3]]


def test_a_lost_receipt_is_recovered_by_the_browser_that_voted(election, live_server,
                                                                 new_page):
    from openassembly.ballots.models import Ballot
    from openassembly.ballots.receipts import display
    from openassembly.core import clock

    organisation, poll, people, during = election
    labels = list(poll.choices.order_by("position").values_list("label", flat=True))
    path = f"/o/{organisation.slug}/polls/{poll.pk}/vote/"
    lost: list[str] = []

    def lose(route):
        # The ballot reaches the server and is counted; its answer never reaches the browser.
        lost.append(route.fetch().text())
        route.abort()

    page = new_page()
    with clock.frozen_at(during):
        _sign_in(page, live_server.url, people[0].email, path)
        page.route(f"**{path}", lambda route: lose(route) if route.request.method == "POST"
                   else route.continue_())
        _mark(page, labels, [2, 1])
        with page.expect_request(lambda r: r.method == "POST"):
            page.get_by_role("button", name="Cast my ballot").click()
        page.unroute(f"**{path}")
        page.goto(f"{live_server.url}{path}")
        recovered = page.locator("#recovered-code").inner_text()
        assert page.locator("#recovery-none").is_hidden()
        (ballot,) = Ballot.objects.filter(poll=poll)
        assert recovered == display(ballot.receipt)
        assert recovered in lost[0]  # the answer that was lost held the same code
        # Once written down, the browser forgets the secret.
        page.get_by_role("button", name="I have written it down: forget the secret").click()
        assert page.locator("#recovery-absent").is_visible()
        page.reload()
        assert page.locator("#recovery-absent").is_visible()
        assert page.locator("#recovered-code").inner_text() == ""

        # A voter whose receipt page arrived: the secret is forgotten there and then.
        other = new_page()
        _sign_in(other, live_server.url, people[1].email, path)
        _mark(other, labels, [1])
        other.get_by_role("button", name="Cast my ballot").click()
        assert other.locator("#receipt").is_visible()
        other.goto(f"{live_server.url}{path}")
        assert other.locator("#recovery-absent").is_visible()
