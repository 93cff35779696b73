"""Bodies and seats as the constitution sets them; seat holders and vacancies."""

from __future__ import annotations

from datetime import timedelta

import pytest

from openassembly.bodies.models import Body, SeatGroup
from openassembly.bodies.services import end_term, seat_member
from openassembly.core import clock
from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.members.services import add_affiliate, record_affiliation_fee


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


def test_a_full_seat_refuses_another_holder(organisation, secretary, make_person):
    chair_seat = SeatGroup.objects.get(body__key="organising-group", seat_key="chair")
    first = make_person("First", "first@example.org")
    second = make_person("Second", "second@example.org")
    seat_member(
        secretary,
        organisation=organisation,
        seat_group=chair_seat,
        member=first,
        starts_on=clock.today(),
        how="elected",
    )
    with pytest.raises(Conflict, match="filled"):
        seat_member(
            secretary,
            organisation=organisation,
            seat_group=chair_seat,
            member=second,
            starts_on=clock.today(),
            how="elected",
        )


def test_ending_a_term_frees_the_seat_and_keeps_history(organisation, secretary, make_person):
    seat = SeatGroup.objects.get(body__key="organising-group", seat_key="treasurer")
    first = make_person("First", "first@example.org")
    holding = seat_member(
        secretary,
        organisation=organisation,
        seat_group=seat,
        member=first,
        starts_on=clock.today() - timedelta(days=30),
        how="elected",
    )
    end_term(
        secretary,
        organisation=organisation,
        holding=holding,
        ends_on=clock.today(),
        reason="resigned",
    )
    second = make_person("Second", "second@example.org")
    seat_member(
        secretary,
        organisation=organisation,
        seat_group=seat,
        member=second,
        starts_on=clock.today(),
        how="co-opted",
    )
    assert seat.holdings.count() == 2


def test_a_plain_member_cannot_fill_seats(organisation, member):
    seat = SeatGroup.objects.get(body__key="organising-group", seat_key="treasurer")
    with pytest.raises(PowerDenied):
        seat_member(
            member,
            organisation=organisation,
            seat_group=seat,
            member=member,
            starts_on=clock.today(),
            how="self-appointed",
        )


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


def test_officer_seats_a_member_and_ends_the_term_in_pages(
    officer_client, organisation, make_person
):
    person = make_person("Newly Elected", "new@example.org")
    group = SeatGroup.objects.get(
        body__key="coordinating-group", seat_key="regional", label="North"
    )
    url = f"/o/{organisation.slug}/bodies/coordinating-group/seats/"
    response = officer_client.post(
        url,
        {
            "seat_group": group.pk,
            "member": "new@example.org",
            "starts_on": "2026-01-01",
            "how": "elected by the North region",
        },
    )
    assert response.status_code == 303
    holding = group.holdings.get(member=person)
    response = officer_client.post(
        f"{url}{holding.pk}/end/", {"ends_on": "2026-06-01", "reason": "resigned"}
    )
    assert response.status_code == 303
    holding.refresh_from_db()
    assert str(holding.ends_on) == "2026-06-01"
    response = officer_client.post(
        url,
        {
            "seat_group": group.pk,
            "member": "nobody@example.org",
            "starts_on": "2026-01-01",
            "how": "x",
        },
    )
    assert "No member of this organisation matches" in response.content.decode()


def test_plain_member_cannot_open_seat_management(client, organisation, member):
    client.force_login(member.user)
    response = client.get(f"/o/{organisation.slug}/bodies/coordinating-group/seats/")
    assert response.status_code == 403


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
