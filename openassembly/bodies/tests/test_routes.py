"""Seats by their lawful route only (issue 12, item 2), each route tried as a hostile officer or
member would: the founding once, an affiliate's contact's nomination, public office, ex
officio, resignation. Decisions and elections as authority are tried in
meetings/tests/test_seat_decisions.py and ballots/tests/test_election_seats.py."""

from __future__ import annotations

from datetime import timedelta

import pytest

from openassembly.bodies.models import SeatGroup, SeatHolding
from openassembly.bodies.services import (
    end_term,
    nominate_to_seat,
    record_founding,
    seat_elected,
    seat_founder,
)
from openassembly.core import clock
from openassembly.core.actors import System
from openassembly.core.authority import Authority, AuthorityRefused, Route
from openassembly.core.errors import Conflict, PowerDenied
from openassembly.core.models import LedgerEvent
from openassembly.core.powers import powers_of
from openassembly.members.services import (
    add_affiliate,
    record_affiliation_fee,
    record_public_office,
    set_affiliate_contact,
)

FOUNDERS = System("test founders")


def _group(body: str, seat: str, **extra) -> SeatGroup:
    return SeatGroup.objects.get(body__key=body, seat_key=seat, active=True, **extra)


def _refusals(organisation) -> list[dict]:
    return list(LedgerEvent.objects.filter(organisation=organisation, kind="power.refused")
                .order_by("pk").values_list("data", flat=True))


def test_the_founding_happens_once(organisation, secretary, chair, make_person):
    record_founding(FOUNDERS, organisation=organisation)
    event = LedgerEvent.objects.get(organisation=organisation, kind="founding.recorded")
    assert {s["holder"] for s in event.data["seats"]} == {"Sec Retary", "Chair Person"}
    assert event.data["authority"]["route"] == "founding"
    late = make_person("Late Founder", "late@example.org")
    with pytest.raises(AuthorityRefused, match=r"Rule 4\.4: the founding was recorded"):
        seat_founder(FOUNDERS, organisation=organisation,
                     seat_group=_group("organising-group", "treasurer"), member=late)
    with pytest.raises(Conflict, match="recorded already"):
        record_founding(FOUNDERS, organisation=organisation)
    assert not SeatHolding.objects.filter(member=late).exists()


def test_founders_fill_only_the_seats_the_founding_rule_lists(organisation, secretary,
                                                              make_person):
    clean_air = add_affiliate(secretary, organisation=organisation, kind="national-organisation",
                              name="Clean Air", slug="clean-air")
    person = make_person("Appointee", "appointee@example.org")
    with pytest.raises(AuthorityRefused, match="the founders do not fill .* nomination"):
        seat_founder(FOUNDERS, organisation=organisation, member=person,
                     seat_group=_group("organising-group", "organisation-reps",
                                       affiliate=clean_air))


def test_an_officer_cannot_act_as_the_founders(organisation, secretary, make_person):
    sock = make_person("Sock Puppet", "sock@example.org")
    with pytest.raises(AuthorityRefused, match="no member can"):
        seat_founder(secretary, organisation=organisation, member=sock,
                     seat_group=_group("organising-group", "treasurer"))
    assert not SeatHolding.objects.filter(member=sock).exists()
    assert _refusals(organisation)[-1]["act"] == "seat founder"


def test_only_the_affiliates_contact_nominates_its_representatives(organisation, secretary,
                                                                   make_person):
    clean_air = add_affiliate(secretary, organisation=organisation, kind="national-organisation",
                              name="Clean Air", slug="clean-air")
    contact = make_person("Air Contact", "contact@example.org")
    nominee = make_person("Air Rep", "rep@example.org")
    group = _group("organising-group", "organisation-reps", affiliate=clean_air)
    # Before any contact is named, nobody can nominate, the officer who keeps the register
    # included.
    with pytest.raises(AuthorityRefused, match=r"Rule 3\.4: only the contact Clean Air names"):
        nominate_to_seat(secretary, organisation=organisation, seat_group=group, member=nominee)
    set_affiliate_contact(secretary, organisation=organisation, affiliate=clean_air,
                          contact=contact)
    with pytest.raises(AuthorityRefused, match="Sec Retary is not its contact"):
        nominate_to_seat(secretary, organisation=organisation, seat_group=group,
                         member=secretary)
    holding = nominate_to_seat(contact, organisation=organisation, seat_group=group,
                               member=nominee)
    assert holding.route == "nomination" and holding.reference.startswith("nomination:")
    taken = LedgerEvent.objects.filter(kind="seat.taken").order_by("pk").last()
    assert taken.data["authority"]["text"] == ("on the nomination of Clean Air, recorded by its "
                                               "contact Air Contact")
    # Both refusals of a privileged act are on the ledger, with the rule.
    assert [r["rule"] for r in _refusals(organisation)] == ["3.4", "3.4"]


def test_a_member_who_is_no_affiliates_contact_cannot_nominate(organisation, secretary,
                                                               make_person, member):
    clean_air = add_affiliate(secretary, organisation=organisation, kind="national-organisation",
                              name="Clean Air", slug="clean-air")
    set_affiliate_contact(secretary, organisation=organisation, affiliate=clean_air,
                          contact=make_person("Air Contact", "contact@example.org"))
    shared = _group("coordinating-group", "organisation")
    with pytest.raises(AuthorityRefused, match="contacts of affiliated national organisations"):
        nominate_to_seat(member, organisation=organisation, seat_group=shared, member=member)
    assert not shared.holdings.exists()


def test_shared_union_places_need_the_unions_fee_paid(organisation, secretary, make_person):
    union = add_affiliate(secretary, organisation=organisation, kind="union",
                          name="Builders Union", slug="builders")
    contact = make_person("Union Contact", "union@example.org")
    set_affiliate_contact(secretary, organisation=organisation, affiliate=union, contact=contact)
    shared = _group("coordinating-group", "union")
    with pytest.raises(AuthorityRefused, match="whose fee for the year is paid"):
        nominate_to_seat(contact, organisation=organisation, seat_group=shared, member=contact)
    record_affiliation_fee(secretary, organisation=organisation, affiliate=union,
                           year=clock.today().year, amount_pence=50000, paid_on=clock.today())
    holding = nominate_to_seat(contact, organisation=organisation, seat_group=shared,
                               member=contact)
    assert "Builders Union" in holding.how


def test_an_affiliate_cannot_nominate_to_an_elected_seat(organisation, secretary, make_person):
    clean_air = add_affiliate(secretary, organisation=organisation, kind="national-organisation",
                              name="Clean Air", slug="clean-air")
    contact = make_person("Air Contact", "contact@example.org")
    set_affiliate_contact(secretary, organisation=organisation, affiliate=clean_air,
                          contact=contact)
    with pytest.raises(AuthorityRefused, match=r"Rule 4\.2: Chair is filled by the declared "
                                                "result of an election"):
        nominate_to_seat(contact, organisation=organisation, member=contact,
                         seat_group=_group("organising-group", "chair"))


def test_public_office_seats_need_a_public_office_record(organisation, secretary, member,
                                                         make_person):
    group = _group("coordinating-group", "public-office")
    with pytest.raises(AuthorityRefused, match=r"Rule 5\.3: only members recorded as holding "
                                                "a public office"):
        seat_founder(FOUNDERS, organisation=organisation, seat_group=group, member=member)
    # Nobody else declares it for them but an officer with the register power.
    other = make_person("Other Member", "other@example.org")
    with pytest.raises(PowerDenied, match="manage-register"):
        record_public_office(other, organisation=organisation, member=member, holds=True,
                             office="Councillor")
    record_public_office(member, organisation=organisation, member=member, holds=True,
                         office="Councillor, Riverside ward")
    event = LedgerEvent.objects.filter(kind="member.public_office").last()
    assert event.data == {"member": member.pk, "holds": True,
                          "office": "Councillor, Riverside ward", "by": "self"}
    seat_founder(FOUNDERS, organisation=organisation, seat_group=group, member=member)
    assert group.holdings.filter(member=member).exists()
    record_public_office(secretary, organisation=organisation, member=other, holds=True,
                         office="Mayor")
    other.refresh_from_db()
    assert other.public_office_holder


def test_only_the_holder_resigns(organisation, secretary, chair, member):
    record_founding(FOUNDERS, organisation=organisation)
    holding = SeatHolding.objects.get(member=chair)
    for hostile in (secretary, member):
        with pytest.raises(AuthorityRefused, match=r"Rule 4\.5: before the end of the term only "
                                                    "Chair Person's resignation, a carried "
                                                    "recall ballot or a decision"):
            end_term(hostile, organisation=organisation, holding=holding, reason="ousted")
    holding.refresh_from_db()
    assert holding.ends_on is None and "chair" not in str(powers_of(secretary))
    assert [r["act"] for r in _refusals(organisation)][-2:] == ["end term", "end term"]
    end_term(chair, organisation=organisation, holding=holding)
    holding.refresh_from_db()
    assert holding.ends_on == clock.today() and holding.ended_route == "self"
    assert "call-meeting" not in powers_of(chair)


def test_a_hand_made_election_result_is_looked_up_and_refused(organisation, secretary,
                                                              make_person):
    record_founding(FOUNDERS, organisation=organisation)
    sock = make_person("Sock Puppet", "sock@example.org")
    group = _group("organising-group", "chair")
    forged = Authority(route=Route.ELECTION, text="by the result of election 999",
                       reference="election:999",
                       facts={"seat_group": group.pk, "elected_members": [sock.pk]})
    with pytest.raises(AuthorityRefused, match="There is no election 999"):
        seat_elected(secretary, organisation=organisation, authority=forged, seat_group=group,
                     member=sock, starts_on=clock.today(), ends_on=None)
    with pytest.raises(AuthorityRefused, match="needs the declared result of an election"):
        seat_elected(secretary, organisation=organisation, authority=None, seat_group=group,
                     member=sock, starts_on=clock.today(), ends_on=None)
    assert not SeatHolding.objects.filter(member=sock).exists()


EX_OFFICIO = '''
[[bodies.seats]]
key = "og-chair"
name = "Chair of the Organising Group"
rule = "5.1"
kind = "ex-officio"
count = 1
'''

EX_OFFICIO_ROUTE = '''
[[seat_routes]]
seats = ["coordinating-group/og-chair"]
route = "ex-officio"
follows = "organising-group/chair"
rule = "5.1"
'''


@pytest.fixture
def ex_officio_organisation(db):
    from openassembly.core.services import create_organisation
    from openassembly.rules import examples

    text = examples.read("commonweal").replace('slug = "commonweal"', 'slug = "exofficio"')
    text = text.replace('\n[[bodies]]\nkey = "conference"', EX_OFFICIO + '\n[[bodies]]\n'
                        'key = "conference"') + EX_OFFICIO_ROUTE
    return create_organisation(FOUNDERS, constitution_text=text)


def test_an_ex_officio_seat_follows_its_office(ex_officio_organisation):
    from openassembly.members.models import Member

    organisation = ex_officio_organisation
    chair = Member.objects.create(organisation=organisation, name="Ex Chair",
                                  email="exchair@example.org",
                                  joined_on=clock.today() - timedelta(days=28))
    office = seat_founder(FOUNDERS, organisation=organisation, member=chair,
                          seat_group=SeatGroup.objects.get(organisation=organisation,
                                                           seat_key="chair"))
    follower = SeatHolding.objects.get(seat_group__seat_key="og-chair")
    assert follower.member == chair and follower.follows == office
    assert "ex officio" in follower.how
    with pytest.raises(AuthorityRefused, match="held ex officio"):
        end_term(chair, organisation=organisation, holding=follower)
    end_term(chair, organisation=organisation, holding=office)
    follower.refresh_from_db()
    assert follower.ends_on == clock.today()


def test_an_ex_officio_seat_cannot_be_founded_or_nominated_directly(ex_officio_organisation):
    from openassembly.members.models import Member

    organisation = ex_officio_organisation
    someone = Member.objects.create(organisation=organisation, name="Someone",
                                    email="someone@example.org",
                                    joined_on=clock.today() - timedelta(days=28))
    group = SeatGroup.objects.get(organisation=organisation, seat_key="og-chair")
    with pytest.raises(AuthorityRefused, match="holding the office it follows"):
        seat_founder(FOUNDERS, organisation=organisation, seat_group=group, member=someone)
    with pytest.raises(AuthorityRefused, match="holding the office it follows"):
        nominate_to_seat(someone, organisation=organisation, seat_group=group, member=someone)


def test_a_member_declares_a_public_office_on_their_own_page(client, organisation, member):
    client.force_login(member.user)
    url = f"/o/{organisation.slug}/me/public-office/"
    response = client.post(url, {"holds": "on", "office": ""})
    assert response.status_code == 400 and "Say which public office" in response.content.decode()
    response = client.post(url, {"holds": "on", "office": "Councillor, Riverside ward"})
    assert response.status_code == 303
    member.refresh_from_db()
    assert member.public_office_holder
    assert "you are recorded as holding one" in client.get(
        f"/o/{organisation.slug}/me/").content.decode()
