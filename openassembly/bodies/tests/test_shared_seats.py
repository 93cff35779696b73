"""Seats shared among local groups by membership: the entitlement table and its check."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from openassembly.bodies.models import Body, SeatGroup
from openassembly.bodies.selectors import shared_seats
from openassembly.core import clock
from openassembly.core.actors import System
from openassembly.core.services import create_organisation
from openassembly.counting.apportion_cli import main as apportion_main
from openassembly.members.models import Affiliate, Member
from openassembly.rules import examples

DELEGATES = '''key = "local-group-delegates"
name = "Local group delegates"
rule = "9.1"
kind = "nominated"
per_affiliate = 2
nominated_by = "local-group"
'''


def _constitution(shared: str) -> str:
    text = examples.read("commonweal")
    assert DELEGATES in text
    return text.replace(DELEGATES, DELEGATES.replace("per_affiliate = 2\n", "count = 8\n")
                        + f"shared = {shared}\n")


def _org(shared: str):
    return create_organisation(System("tests"), constitution_text=_constitution(shared))


def _group(org, name, members, *, lapsed=0, gone=False):
    group = Affiliate.objects.create(
        organisation=org, kind="local-group", name=name, slug=name.lower().replace(" ", "-"),
        affiliated_on=clock.today(), disaffiliated_on=clock.today() if gone else None)
    for i in range(members + lapsed):
        Member.objects.create(
            organisation=org, name=f"{name} {i}", joined_on=clock.today() - timedelta(days=28),
            local_group=group,
            status=Member.Status.ACTIVE if i < members else Member.Status.LAPSED)
    return group


def _body(org):
    return Body.objects.get(organisation=org, key="conference")


@pytest.fixture
def dhondt(db):
    org = _org('{ method = "dhondt", rule = "9.1" }')
    _group(org, "Leeds", 10, lapsed=5)
    _group(org, "York", 8)
    _group(org, "Hull", 3)
    _group(org, "Bath", 2)
    _group(org, "Gone", 50, gone=True)
    return org


def test_delegates_are_shared_by_active_members_with_the_quotient_table(dhondt):
    [share] = shared_seats(_body(dhondt))
    r = share.result
    # Lapsed members and a group that has left do not count.
    assert r.allocation == {"Bath": 0, "Hull": 1, "Leeds": 4, "York": 3}
    assert share.csv == "name,members\nBath,2\nHull,3\nLeeds,10\nYork,8\n"
    assert [a.party for a in r.awards] == ["Leeds", "York", "Leeds", "York", "Leeds", "Hull",
                                           "York", "Leeds"]
    assert share.heads[:4] == ["÷ 1", "÷ 2", "÷ 3", "÷ 4"]
    leeds = next(row for row in share.rows if row["name"] == "Leeds")
    assert leeds["cells"][3] == ("2.50", 8) and leeds["places"] == 4
    assert share.command == ("openassembly apportion local-group-delegates-members.csv "
                             "--seats 8 --method dhondt --seed " + share.seed)
    # The seat itself stays one group of eight places.
    assert SeatGroup.objects.get(organisation=dhondt, seat_key="local-group-delegates",
                                 active=True).places == 8


def test_body_page_shows_the_table_and_the_command_that_checks_it(dhondt, client, tmp_path,
                                                                  capsys):
    body = _body(dhondt)
    page = client.get(f"/o/{dhondt.slug}/bodies/{body.key}/").content.decode()
    assert "Local group delegates: places per local group" in page
    assert "Rule 9.1 shares the 8 places among the local groups" in page
    assert "<strong>2.50 (8)</strong>" in page
    assert "openassembly apportion local-group-delegates-members.csv --seats 8" in page
    csv = client.get(f"/o/{dhondt.slug}/bodies/{body.key}/local-group-delegates-members.csv")
    assert csv["Content-Type"].startswith("text/csv")
    path = tmp_path / "local-group-delegates-members.csv"
    path.write_bytes(csv.content)
    [share] = shared_seats(body)
    args = share.command.split()[2:]
    assert apportion_main(["apportion", str(path), *args[1:], "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {p["party"]: p["places"] for p in out["parties"]} == share.result.allocation
    assert client.get(f"/o/{dhondt.slug}/bodies/{body.key}/chair-members.csv"
                      ).status_code == 404


def test_a_tie_for_the_last_delegate_is_drawn_by_a_lot_anyone_can_rerun(db, client,
                                                                       tmp_path, capsys):
    org = _org('{ method = "hare", rule = "9.1", threshold_percent = "10.5%" }')
    for name in ("Ayr", "Bute", "Crail", "Dunoon", "Elgin", "Fife", "Govan", "Huntly",
                 "Irvine"):
        _group(org, name, 2)
    _group(org, "Tiny", 1)  # 1 of 19 members: below 10.5%, so no delegate
    body = _body(org)
    [share] = shared_seats(body)
    r = share.result
    assert r.qualified[-1] is False and r.allocation["Tiny"] == 0
    assert len(r.ties) == 1 and len(r.ties[0]) == 9 and sum(r.places) == 8
    page = client.get(f"/o/{org.slug}/bodies/{body.key}/").content.decode()
    assert "a lot decided it" in page and "below the threshold" in page
    assert "less than 10.5% of the members counted gets none" in page
    assert "--threshold 10.5%" in share.command
    path = tmp_path / "m.csv"
    path.write_text(share.csv)
    args = share.command.split()[3:]
    assert apportion_main(["apportion", str(path), *args, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["lots"]["draws"][0]["order"] == r.lots[0].order


def test_no_groups_yet_says_why_no_places_are_shared(db, client):
    org = _org('{ method = "sainte-lague", rule = "9.1" }')
    body = _body(org)
    [share] = shared_seats(body)
    assert share.result is None and "nobody to share" in share.problem
    page = client.get(f"/o/{org.slug}/bodies/{body.key}/").content.decode()
    assert "No places can be shared yet: there is nobody to share the places among" in page


def test_a_shared_seat_that_needs_a_fee_counts_only_the_affiliates_that_paid(db):
    text = _constitution('{ method = "sainte-lague", rule = "9.1" }').replace(
        'nominated_by = "local-group"\nshared',
        'nominated_by = "union"\nrequires_fee = true\nshared')
    org = create_organisation(System("tests"), constitution_text=text)
    paid = _group(org, "Paid", 5)
    _group(org, "Unpaid", 50)
    Affiliate.objects.filter(organisation=org).update(kind="union")
    from openassembly.members.models import AffiliationFee

    AffiliationFee.objects.create(organisation=org, affiliate=paid, year=clock.today().year,
                                  amount_pence=50000, paid_on=clock.today(),
                                  recorded_by=Member.objects.filter(organisation=org).first())
    [share] = shared_seats(_body(org))
    assert share.result.allocation == {"Paid": 8}
    assert share.kind_name == "Trade union"
