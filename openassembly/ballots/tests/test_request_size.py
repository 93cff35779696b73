"""Without JavaScript, every choice a voter can make posts a ballot of one length.

Someone watching the encrypted connection sees the size of each request. The page's script
pads the request, but a browser without JavaScript sends the form as it is, so the form itself
must make every ballot the same length. These tests read the ballot paper a voter is served,
build the exact ``application/x-www-form-urlencoded`` body a browser sends for every way of
filling it in (every option of every list, every radio), check that every body has the same
length, and then cast each lawful one over HTTP, with a real CSRF token, to show that it is
accepted and counted as marked.
"""

from __future__ import annotations

import itertools
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import quote_plus, urlencode

import pytest
from django.test import Client

from openassembly.ballots import services
from openassembly.ballots.models import Ballot, Participation, Poll, RollEntry
from openassembly.core import clock

FORM = "application/x-www-form-urlencoded"


class _Paper(HTMLParser):
    """The controls of the ballot form (``id="ballot"``) in document order, each with every
    value a browser could send for it and the one it sends untouched."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.controls: list[dict] = []
        self._inside = False
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._inside = a.get("id") == "ballot"
            return
        name = a.get("name")
        if not self._inside or not name:
            if tag == "option" and self._select is not None:
                self._option(a)
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind == "radio":
                group = next((c for c in self.controls if c["name"] == name), None)
                if group is None:
                    group = {"name": name, "kind": "radio", "values": [], "default": None}
                    self.controls.append(group)
                group["values"].append(a.get("value", "on"))
                if "checked" in a:
                    group["default"] = a.get("value", "on")
            elif kind not in ("submit", "button", "reset", "image"):
                self.controls.append({"name": name, "kind": kind, "values": [a.get("value", "")],
                                      "default": a.get("value", "")})
        elif tag == "select":
            self._select = {"name": name, "kind": "select", "values": [], "default": None}
            self.controls.append(self._select)
        elif tag in ("textarea", "button"):
            self.controls.append({"name": name, "kind": tag, "values": [], "default": None})

    def _option(self, a: dict) -> None:
        self._select["values"].append(a["value"])
        if "selected" in a or self._select["default"] is None:
            self._select["default"] = a["value"]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._inside = False


def paper_controls(html: str) -> list[dict]:
    parser = _Paper()
    parser.feed(html)
    assert parser.controls, "no ballot form on the page"
    return parser.controls


def every_body(controls: list[dict], *, untouched_radios: bool = False) -> list[tuple[dict, str]]:
    """Every body a browser can send from this form, with the choice that made it. A text box
    or a checkbox would make the length depend on what is typed or ticked, so the paper must
    have none: only hidden fields, lists and radio groups. ``untouched_radios`` adds the case
    of a radio group left with nothing chosen, which the browser leaves out altogether."""
    kinds = {c["kind"] for c in controls}
    assert kinds <= {"hidden", "select", "radio"}, kinds
    markable = [c for c in controls if c["kind"] in ("select", "radio")]
    options = []
    for control in markable:
        values = list(control["values"])
        if control["kind"] == "radio" and control["default"] is None and untouched_radios:
            values.append(None)
        options.append(values)
    bodies = []
    for combination in itertools.product(*options):
        chosen = dict(zip((c["name"] for c in markable), combination, strict=True))
        pairs = [(c["name"], chosen[c["name"]] if c["name"] in chosen else c["default"])
                 for c in controls]
        pairs = [(name, value) for name, value in pairs if value is not None]
        bodies.append((chosen, urlencode(pairs)))
    return bodies


def with_token(body: str, token: str) -> str:
    """The same body with this browser's CSRF token (every token has one length)."""
    old = next(part for part in body.split("&") if part.startswith("csrfmiddlewaretoken="))
    return body.replace(old, f"csrfmiddlewaretoken={token}", 1)


def expected_marks(poll: Poll, chosen: dict) -> list[int] | None:
    """What a counter should find on the ballot, decoded independently of the form; None for a
    paper the rules refuse (a repeated or skipped number, marks with the blank, nothing)."""
    if poll.form == Poll.Form.SINGLE:
        value = chosen.get("choice")
        return None if value is None else ([int(value)] if int(value) else [])
    blank = chosen["blank"] == "1"
    boxes = {int(name[1:]): int(value) for name, value in chosen.items() if name != "blank"}
    if poll.form == Poll.Form.RANKED:
        ranks = sorted((rank, position) for position, rank in boxes.items() if rank)
        if [rank for rank, _ in ranks] != list(range(1, len(ranks) + 1)):
            return None
        marks = [position for _, position in ranks]
    else:
        marks = sorted(position for position, value in boxes.items() if value)
        if poll.form == Poll.Form.MARKS and len(marks) > poll.seats:
            return None
    if bool(marks) == blank:
        return None
    return marks


@pytest.fixture
def crowd(make_voter):
    """Enough voters on every roll to cast each lawful ballot of a paper of four once."""
    return [make_voter(f"Voter {i:03d}") for i in range(70)]


def _open_election(nominated, secretary, timetable, method: str, seats: int) -> Poll:
    poll = nominated.poll
    # The same election, held under each method's paper (the demo constitution's elections
    # are all ranked); set before voting opens, as the constitution would have set it.
    Poll.objects.filter(pk=poll.pk).update(method=method, seats=seats)
    poll.refresh_from_db()
    with timetable.during_voting():
        services.open_voting(secretary, poll=poll)
    poll.refresh_from_db()
    return poll


def _open_referendum(organisation, secretary, voters, options: list[str]) -> Poll:
    referendum = services.create_referendum(
        secretary, organisation=organisation, question="Two conferences a year?",
        proposal="Hold conference twice a year.", options=options,
        opens_at=clock.now() + timedelta(hours=1), closes_at=clock.now() + timedelta(days=2))
    services.write_statement(voters[0], referendum=referendum, side="for", text="Yes.")
    services.write_statement(voters[1], referendum=referendum, side="against", text="No.")
    poll = referendum.poll
    with clock.frozen_at(poll.opens_at + timedelta(minutes=1)):
        services.open_voting(secretary, poll=poll)
    poll.refresh_from_db()
    return poll


def _voting_time(poll: Poll):
    return clock.frozen_at(poll.opens_at + timedelta(hours=1))


def _url(poll: Poll) -> str:
    return f"/o/{poll.organisation.slug}/polls/{poll.pk}/vote/"


def _served(client: Client, poll: Poll) -> list[dict]:
    page = client.get(_url(poll))
    assert page.status_code == 200
    return paper_controls(page.content.decode())


def _token(controls: list[dict]) -> str:
    return next(c["default"] for c in controls if c["name"] == "csrfmiddlewaretoken")


def _cast_every_choice(poll: Poll, voters) -> tuple[int, list[list[int]]]:
    """Check the lengths of every body the paper can send, cast every lawful one with a voter
    of its own, and return how many bodies there were and the marks cast."""
    roll = [v for v in voters if RollEntry.objects.filter(poll=poll, member=v).exists()]
    with _voting_time(poll):
        first = Client(enforce_csrf_checks=True)
        first.force_login(roll[0].user)
        bodies = every_body(_served(first, poll))
        lengths = {len(body) for _, body in bodies}
        assert len(lengths) == 1, sorted(lengths)
        lawful = [(chosen, body) for chosen, body in bodies
                  if expected_marks(poll, chosen) is not None]
        assert len(lawful) <= len(roll)
        cast = []
        for voter, (chosen, body) in zip(roll, lawful, strict=False):
            client = Client(enforce_csrf_checks=True)
            client.force_login(voter.user)
            body = with_token(body, _token(_served(client, poll)))
            response = client.post(_url(poll), body, content_type=FORM)
            assert response.status_code == 200, (chosen, response.content[:400])
            assert b'id="receipt"' in response.content
            cast.append(expected_marks(poll, chosen))
    stored = sorted(b.marks for b in Ballot.objects.filter(poll=poll))
    assert stored == sorted(cast)
    assert Participation.objects.filter(poll=poll).count() == len(cast)
    return len(bodies), cast


@pytest.mark.parametrize(("method", "seats", "bodies", "lawful"), [
    # Four boxes of five numbers (not numbered, 1 to 4) and the blank radio: 5**4 * 2 bodies;
    # 64 rankings without gaps or repeats, and the blank ballot.
    ("ers97", 4, 5 ** 4 * 2, 65),
    # Four lists of marked or not, and the blank radio: 16 sets, and the blank ballot.
    ("approval", 4, 2 ** 4 * 2, 16),
    # A block vote for two places: 4 + 6 sets of at most two, and the blank ballot.
    ("block", 2, 2 ** 4 * 2, 11),
    # One of four, or the blank ballot, among the radios.
    ("fptp", 1, 5, 5),
])
def test_every_election_ballot_is_one_length_without_javascript_and_counts_as_marked(
        nominated, secretary, timetable, voters, crowd, method, seats, bodies, lawful):
    poll = _open_election(nominated, secretary, timetable, method, seats)
    assert len(poll.choices.all()) == 4
    count, cast = _cast_every_choice(poll, voters + crowd)
    assert (count, len(cast)) == (bodies, lawful)
    assert [] in cast  # the blank ballot, as the paper marks it


@pytest.mark.parametrize("options", [
    ["Yes", "No", "Abstain"],
    # Twelve options: positions 7 and 12 are sent as 07 and 12, the blank as 00.
    [f"Option {n}" for n in range(1, 13)],
])
def test_every_members_ballot_is_one_length_without_javascript_and_counts_as_marked(
        organisation, secretary, voters, crowd, options):
    poll = _open_referendum(organisation, secretary, voters, options)
    count, cast = _cast_every_choice(poll, voters + crowd)
    assert count == len(cast) == len(options) + 1
    assert sorted(cast) == sorted([[p] for p in range(1, len(options) + 1)] + [[]])


def test_a_members_ballot_sent_with_nothing_chosen_is_refused_and_casts_nothing(
        organisation, secretary, voters, crowd):
    # A radio group left untouched is not sent at all, so this request is shorter; it is
    # the one request that is, and it casts nothing.
    poll = _open_referendum(organisation, secretary, voters, ["Yes", "No"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(voters[2].user)
    with _voting_time(poll):
        (untouched,) = [body for chosen, body in every_body(_served(client, poll),
                                                            untouched_radios=True)
                        if chosen["choice"] is None]
        response = client.post(_url(poll), untouched, content_type=FORM)
    assert response.status_code == 400
    assert "You have not marked any choice" in response.content.decode()
    assert not Participation.objects.filter(poll=poll).exists()


@pytest.mark.parametrize(("field", "tampered"), [
    ("c1", "01"),      # the right number at the wrong width
    ("c1", "9"),       # a number the paper did not print
    ("c1", "1 "),
    ("c2", ""),
    ("blank", "on"),   # the blank box the old paper had
])
def test_a_tampered_mark_is_refused_on_the_same_page_and_casts_nothing(
        nominated, secretary, timetable, voters, crowd, field, tampered):
    poll = _open_election(nominated, secretary, timetable, "ers97", 4)
    client = Client(enforce_csrf_checks=True)
    client.force_login(voters[2].user)
    with _voting_time(poll):
        controls = _served(client, poll)
        (lawful,) = [body for chosen, body in every_body(controls)
                     if expected_marks(poll, chosen) == [1]]
        body = lawful.replace(f"{field}=", f"{field}={quote_plus(tampered)}&was=", 1)
        response = client.post(_url(poll), body, content_type=FORM)
        page = response.content.decode()
        assert response.status_code == 400
        assert "came back altered or incomplete, so nothing was cast" in page
        assert "<h1>Ballot paper:" in page
        assert not Participation.objects.filter(poll=poll).exists()
        # The voter can still cast the paper as it was printed.
        again = client.post(_url(poll), with_token(lawful, _token(_served(client, poll))),
                            content_type=FORM)
    assert again.status_code == 200
    assert [b.marks for b in Ballot.objects.filter(poll=poll)] == [[1]]


def test_a_paper_with_a_field_left_out_is_refused(nominated, secretary, timetable, voters,
                                                  crowd):
    poll = _open_election(nominated, secretary, timetable, "ers97", 4)
    client = Client(enforce_csrf_checks=True)
    client.force_login(voters[2].user)
    with _voting_time(poll):
        (lawful,) = [body for chosen, body in every_body(_served(client, poll))
                     if expected_marks(poll, chosen) == [2, 1]]
        # Sent as the old paper did: only the numbered boxes.
        body = "&".join(p for p in lawful.split("&") if not p.startswith(("c3=", "c4=")))
        response = client.post(_url(poll), body, content_type=FORM)
    assert response.status_code == 400
    assert "came back altered or incomplete" in response.content.decode()
    assert not Ballot.objects.filter(poll=poll).exists()
