"""Bodies and seats as the constitution sets them; seat holders and vacancies."""

from __future__ import annotations

from datetime import timedelta

import pytest

from openassembly.bodies.models import Body, SeatGroup
from openassembly.bodies.services import end_term, seat_founder
from openassembly.core import clock
from openassembly.core.actors import System
from openassembly.core.authority import AuthorityRefused
from openassembly.core.errors import Conflict, InvalidInput
from openassembly.members.services import add_affiliate, record_affiliation_fee

FOUNDERS = System("test founders")


def _places(organisation, body):
    return sum(
        SeatGroup.objects.filter(
            organisation=organisation, body__key=body, active=True
        ).values_list("places", flat=True)
    )


def test_coordinating_group_has_34_seats_of_four_kinds(organisation):
    assert _places(organisation, "coordinating-group") == 34
    regional = SeatGroup.objects.filter(body__key="coordinating-group", seat_key="regional")
    assert sorted(regional.values_list("label", flat=True)) == [
        "East",
        "North",
        "South",
        "Wales",
        "West",
    ]
    assert set(regional.values_list("places", flat=True)) == {4}


def test_union_seats_appear_only_once_the_fee_is_paid(organisation, secretary):
    union = add_affiliate(
        secretary, organisation=organisation, kind="union", name="Builders Union", slug="builders"
    )
    reps = SeatGroup.objects.filter(
        body__key="organising-group", seat_key="union-reps", affiliate=union, active=True
    )
    assert not reps.exists()
    record_affiliation_fee(
        secretary,
        organisation=organisation,
        affiliate=union,
        year=clock.today().year,
        amount_pence=50000,
        paid_on=clock.today(),
    )
    assert reps.get().places == 3


def test_short_fee_is_refused_with_the_rule(organisation, secretary):
    union = add_affiliate(
        secretary, organisation=organisation, kind="union", name="Builders Union", slug="builders"
    )
    with pytest.raises(InvalidInput, match="£500.00"):
        record_affiliation_fee(
            secretary,
            organisation=organisation,
            affiliate=union,
            year=2026,
            amount_pence=100,
            paid_on=clock.today(),
        )


def test_national_organisation_gets_three_seats(organisation, secretary):
    org = add_affiliate(
        secretary,
        organisation=organisation,
        kind="national-organisation",
        name="Clean Air",
        slug="clean-air",
    )
    group = SeatGroup.objects.get(
        body__key="organising-group", seat_key="organisation-reps", affiliate=org
    )
    assert group.places == 3


def test_a_full_seat_refuses_another_holder(organisation, make_person):
    chair_seat = SeatGroup.objects.get(body__key="organising-group", seat_key="chair")
    first = make_person("First", "first@example.org")
    second = make_person("Second", "second@example.org")
    seat_founder(FOUNDERS, organisation=organisation, seat_group=chair_seat, member=first)
    with pytest.raises(Conflict, match="filled"):
        seat_founder(FOUNDERS, organisation=organisation, seat_group=chair_seat, member=second)


def test_resigning_frees_the_seat_and_keeps_history(organisation, make_person):
    seat = SeatGroup.objects.get(body__key="organising-group", seat_key="treasurer")
    first = make_person("First", "first@example.org")
    holding = seat_founder(FOUNDERS, organisation=organisation, seat_group=seat, member=first,
                           starts_on=clock.today() - timedelta(days=30))
    end_term(first, organisation=organisation, holding=holding, ends_on=clock.today(),
             reason="resigned")
    second = make_person("Second", "second@example.org")
    seat_founder(FOUNDERS, organisation=organisation, seat_group=seat, member=second)
    assert seat.holdings.count() == 2
    holding.refresh_from_db()
    assert holding.ended_route == "self"


def test_a_plain_member_cannot_fill_seats(organisation, member):
    seat = SeatGroup.objects.get(body__key="organising-group", seat_key="treasurer")
    with pytest.raises(AuthorityRefused, match="Rule 4.4"):
        seat_founder(member, organisation=organisation, seat_group=seat, member=member)
    assert not seat.holdings.exists()


def test_body_page_shows_diagram_holders_and_vacancies(
    client, organisation, secretary, django_assert_max_num_queries
):
    url = f"/o/{organisation.slug}/bodies/organising-group/"
    with django_assert_max_num_queries(12):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page and "Secretary: Sec Retary" in page
    assert "Chair: vacant" in page
    assert "1 of 3 seats filled" in page
    person = client.get(f"/o/{organisation.slug}/people/{secretary.pk}/").content.decode()
    assert "Organising Group" in person


def test_bodies_are_built_from_the_constitution(organisation):
    keys = set(Body.objects.filter(organisation=organisation).values_list("key", flat=True))
    assert keys == {b.key for b in organisation.constitution.bodies}


def test_contact_nominates_and_the_holder_resigns_in_pages(
    client, organisation, secretary, make_person
):
    from openassembly.members.services import set_affiliate_contact

    clean_air = add_affiliate(secretary, organisation=organisation, kind="national-organisation",
                              name="Clean Air", slug="clean-air")
    contact = make_person("Air Contact", "air@example.org")
    set_affiliate_contact(secretary, organisation=organisation, affiliate=clean_air,
                          contact=contact)
    rep = make_person("Air Rep", "rep@example.org")
    group = SeatGroup.objects.get(body__key="organising-group", seat_key="organisation-reps")
    url = f"/o/{organisation.slug}/bodies/organising-group/seats/"
    client.force_login(contact.user)
    page = client.get(url).content.decode()
    assert "Nominate a representative" in page
    response = client.post(url, {"seat_group": group.pk, "member": "rep@example.org",
                                 "starts_on": clock.today().isoformat()})
    assert response.status_code == 303
    holding = group.holdings.get(member=rep)
    assert holding.route == "nomination" and "Clean Air" in holding.how
    response = client.post(url, {"seat_group": group.pk, "member": "nobody@example.org",
                                 "starts_on": clock.today().isoformat()})
    assert "No member of this organisation matches" in response.content.decode()
    # The contact cannot end the representative's term: only the holder can resign.
    end = f"{url}{holding.pk}/end/"
    response = client.post(end, {"ends_on": clock.today().isoformat(), "reason": "replaced"})
    assert response.status_code == 403
    term_end = holding.ends_on
    holding.refresh_from_db()
    assert holding.ends_on == term_end and not holding.ended_route
    client.force_login(rep.user)
    response = client.post(end, {"ends_on": clock.today().isoformat(), "reason": ""})
    assert response.status_code == 303
    holding.refresh_from_db()
    assert holding.ends_on == clock.today() and holding.ended_route == "self"


def test_a_member_who_is_no_contact_sees_no_nomination_form(client, organisation, member):
    client.force_login(member.user)
    response = client.get(f"/o/{organisation.slug}/bodies/coordinating-group/seats/")
    assert response.status_code == 200
    assert "Nominate a representative" not in response.content.decode()


def test_affiliates_page_lists_fee_status_and_officer_adds_one(officer_client, organisation):
    url = f"/o/{organisation.slug}/affiliates/"
    response = officer_client.post(
        url, {"form": "add", "kind": "union", "name": "Bakers Union", "slug": "bakers"}
    )
    assert response.status_code == 303
    page = officer_client.get(url).content.decode()
    assert "Bakers Union" in page and "not paid" in page
    from openassembly.members.models import Affiliate

    bakers = Affiliate.objects.get(slug="bakers")
    response = officer_client.post(
        url,
        {
            "form": "fee",
            "affiliate": bakers.pk,
            "year": clock.today().year,
            "amount": "500.00",
            "paid_on": "2026-01-10",
        },
    )
    assert response.status_code == 303
    assert SeatGroup.objects.filter(affiliate=bakers, seat_key="union-reps", active=True).exists()


def test_an_officer_names_an_affiliates_contact_on_the_affiliates_page(
        officer_client, organisation, secretary, make_person):
    clean_air = add_affiliate(secretary, organisation=organisation, kind="national-organisation",
                              name="Clean Air", slug="clean-air")
    contact = make_person("Air Contact", "air@example.org")
    url = f"/o/{organisation.slug}/affiliates/"
    response = officer_client.post(url, {"form": "contact", "contact-affiliate": clean_air.pk,
                                         "contact-member": "nobody@example.org"})
    assert response.status_code == 400
    assert "No member of this organisation matches" in response.content.decode()
    response = officer_client.post(url, {"form": "contact", "contact-affiliate": clean_air.pk,
                                         "contact-member": "air@example.org"})
    assert response.status_code == 303
    clean_air.refresh_from_db()
    assert clean_air.contact == contact
    assert "Air Contact" in officer_client.get(url).content.decode()
