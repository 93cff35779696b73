"""A secret division, attacked with SQL: after the close nothing in the live tables links a
ballot to its voter (storage order, PostgreSQL's transaction ids, dead row versions), and no
ledger event names a secret voter's choice. Before the close the same attacks work, which is
what shows the test can fail (docs/threat-model.md says so too)."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client

from openassembly.accounts.tests.doors import browser, post_form
from openassembly.core.models import LedgerEvent
from openassembly.core.tests import linkage
from openassembly.meetings import services
from openassembly.meetings.models import Elector, SecretBallot

VOTERS = 30
CHOICES = ["for", "against", "abstain"]
TABLE = SecretBallot._meta.db_table
# The storage order of a table's rows: PostgreSQL's physical address, SQLite's row number.
STORAGE = "ctid" if connection.vendor == "postgresql" else "rowid"


def _secret_division(organisation, secretary, chair, og_members, body_of, travel, now,
                     voters: int = VOTERS):
    people = og_members(voters)
    travel.to(now)
    meeting = services.call_meeting(secretary, organisation=organisation,
                                    body=body_of("organising-group"), title="OG",
                                    starts_at=now + timedelta(days=8), place="Hall", chair=chair,
                                    agenda=[("Complaint", "")])
    travel.to(now + timedelta(days=8))
    meeting = services.open_meeting(chair, meeting=meeting)
    for person in people:
        services.attend(person, meeting=meeting, mode="in-person")
    motion = services.move_motion(people[0], item=meeting.items.get(), title="Suspend X",
                                  text="That X be suspended.", decision_key="about-a-person")
    services.second_motion(people[1], motion=motion)
    return people, services.open_division(chair, motion=motion, method="secret")


def _in_storage_order(division) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT choice FROM {TABLE} WHERE division_id = %s "  # noqa: S608
                       f"ORDER BY {STORAGE}", [division.pk])
        return [r[0] for r in cursor.fetchall()]


def _xmins(sql: str, params: list) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [int(r[0]) for r in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_after_the_close_storage_order_and_row_versions_follow_no_voter(
        organisation, secretary, chair, og_members, body_of, travel, now, monkeypatch):
    vacuumed = linkage.record_vacuums(monkeypatch)
    people, division = _secret_division(organisation, secretary, chair, og_members, body_of,
                                        travel, now)
    opened = LedgerEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    # Voters vote in roll order, each choice a function of their place in it.
    voting_order = [CHOICES[(i * i + i // 4) % 3] for i in range(VOTERS)]
    for person, choice in zip(people, voting_order, strict=True):
        services.cast_vote(person, division=division, choice=choice)

    keys = list(SecretBallot.objects.filter(division=division).values_list("id", flat=True))
    # The attack works while voting is open: storage order is voting order, and on
    # PostgreSQL each ballot carries the transaction id of its voter's roll entry.
    assert _in_storage_order(division) == voting_order
    postgres = connection.vendor == "postgresql"
    if postgres:
        ballot_x = f"SELECT xmin::text::bigint FROM {TABLE} WHERE division_id = %s"  # noqa: S608
        roll_x = (f"SELECT xmin::text::bigint FROM {Elector._meta.db_table} "  # noqa: S608
                  "WHERE division_id = %s AND voted")
        voters_x = set(_xmins(roll_x, [division.pk]))
        assert set(_xmins(ballot_x, [division.pk])) == voters_x and len(voters_x) == VOTERS

    services.close_division(chair, division=division)

    after = _in_storage_order(division)
    assert sorted(after) == sorted(voting_order)
    # 30 choices in 3 kinds: a shuffle lands on the voting order with odds below 1 in 10^12.
    assert after != voting_order
    if postgres:
        live = _xmins(ballot_x, [division.pk])
        assert len(set(live)) == 1 and not set(live) & voters_x
        # pageinspect reads the table's pages, dead row versions included: after the close's
        # VACUUM no version left carries a voter's transaction id.
        assert vacuumed == [TABLE]
        assert linkage.xmins_on_pages(TABLE)
        assert not linkage.voter_versions_left(TABLE, voters_x)
        # No byte of the pages holds a key written in a voter's transaction.
        raw = linkage.raw_pages(TABLE)
        assert not [k for k in linkage.key_bytes(keys) if k in raw]
        # A backup taken after the close: ballots in no voter's order, no key from voting.
        dumped = [r for r in linkage.dump(TABLE)[TABLE] if r["division_id"] == str(division.pk)]
        assert sorted(r["choice"] for r in dumped) == sorted(voting_order)
        assert [r["choice"] for r in dumped] != voting_order
        assert not {r["id"] for r in dumped} & {str(k) for k in keys}

    # The ledger: after the division opened, only its close, with totals and no voter.
    events = list(LedgerEvent.objects.filter(pk__gt=opened).order_by("pk"))
    assert [e.kind for e in events] == ["division.closed"]
    names = {p.name for p in people}
    assert events[0].actor == chair.name and not any(n in str(events[0].data) for n in names)
    counted = {c: voting_order.count(c) for c in CHOICES}
    assert events[0].data["for"] == counted["for"]
    assert events[0].data["against"] == counted["against"]


def test_the_vote_door_answers_a_secret_vote_the_same_whatever_the_choice(
        organisation, secretary, chair, og_members, body_of, travel, now):
    people, division = _secret_division(organisation, secretary, chair, og_members, body_of,
                                        travel, now, voters=4)
    answers = []
    for person, choice in zip(people, CHOICES, strict=False):
        response = post_form(browser(person.user),
                             f"/o/{organisation.slug}/meetings/{division.meeting_id}/do/vote/",
                             {"division": division.pk, "choice": choice})
        assert response.status_code == 303
        # The confirmation travels in the messages cookie: the same bytes for every choice.
        answers.append((response["Location"], response.cookies["messages"].value.split(":")[0]))
    assert SecretBallot.objects.filter(division=division).count() == 3
    assert len({len(cookie) for _, cookie in answers}) == 1
    assert len({location for location, _ in answers}) == 1


class _VoteForms(HTMLParser):
    """The vote forms of a page: their hidden fields and the value of each button, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = ({"hidden": [], "buttons": []} if a.get("action", "").endswith(
                "/do/vote/") else None)
            if self._form is not None:
                self.forms.append(self._form)
        elif self._form is not None and tag == "input" and a.get("type") == "hidden":
            self._form["hidden"].append((a["name"], a.get("value", "")))
        elif self._form is not None and tag == "button" and a.get("name"):
            self._form["buttons"].append((a["name"], a.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def test_without_javascript_every_secret_vote_posts_one_length_and_counts(
        organisation, secretary, chair, og_members, body_of, travel, now):
    """The bodies a browser sends for each button of the live page's vote form, read from the
    page itself, are one length; each, posted with its voter's own CSRF token, counts as the
    button said (the padded For included)."""
    people, division = _secret_division(organisation, secretary, chair, og_members, body_of,
                                        travel, now, voters=3)
    live = f"/o/{organisation.slug}/meetings/{division.meeting_id}/live/"
    lengths = set()
    for person, button in zip(people, range(3), strict=True):
        client = Client(enforce_csrf_checks=True)
        client.force_login(person.user)
        parser = _VoteForms()
        parser.feed(client.get(live).content.decode())
        (form,) = parser.forms
        assert [value.strip() for _, value in form["buttons"]] == CHOICES
        # A browser sends the hidden fields, then the button that was pressed.
        bodies = [urlencode([*form["hidden"], pressed]) for pressed in form["buttons"]]
        lengths |= {len(body) for body in bodies}
        response = client.post(f"/o/{organisation.slug}/meetings/{division.meeting_id}/do/vote/",
                               bodies[button], content_type="application/x-www-form-urlencoded")
        assert response.status_code == 303
    assert len(lengths) == 1, lengths
    assert sorted(SecretBallot.objects.filter(division=division)
                  .values_list("choice", flat=True)) == sorted(CHOICES)
