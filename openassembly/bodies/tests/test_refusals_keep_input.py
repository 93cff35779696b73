"""Refused seat forms come back on the seats page with what was typed and the reason."""

from __future__ import annotations

import html

from openassembly.bodies.models import SeatGroup, SeatHolding
from openassembly.core import clock

SUMMARY = "There is a problem"


def _contact(client, organisation, secretary, make_person):
    from openassembly.members.services import add_affiliate, set_affiliate_contact

    affiliate = add_affiliate(secretary, organisation=organisation, kind="national-organisation",
                              name="Clean Air", slug="clean-air")
    contact = make_person("Air Contact", "air@example.org")
    set_affiliate_contact(secretary, organisation=organisation, affiliate=affiliate,
                          contact=contact)
    client.force_login(contact.user)
    group = SeatGroup.objects.get(body__key="organising-group", seat_key="organisation-reps")
    return f"/o/{organisation.slug}/bodies/organising-group/seats/", group, contact


def test_unknown_member_is_refused_by_the_member_field_with_the_rest_kept(
        client, organisation, secretary, make_person):
    url, group, _ = _contact(client, organisation, secretary, make_person)
    response = client.post(url, {"seat_group": group.pk, "member": "nobody@example.org",
                                 "starts_on": "2026-02-03"})
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert SUMMARY in page and 'href="#id_member"' in page and 'id="id_member_error"' in page
    assert 'value="nobody@example.org"' in page and 'value="2026-02-03"' in page


def test_resigning_on_a_day_past_keeps_the_date_and_reason_on_its_row(
        client, organisation, secretary, make_person):
    url, group, contact = _contact(client, organisation, secretary, make_person)
    client.post(url, {"seat_group": group.pk, "member": "air@example.org",
                      "starts_on": clock.today().isoformat()})
    holding = group.holdings.get(member=contact)
    response = client.post(f"{url}{holding.pk}/end/",
                           {"ends_on": "2025-06-01", "reason": "resigned in June"})
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert SUMMARY in page and f'href="#end-{holding.pk}-ends_on"' in page
    assert "day already past" in page
    row = page[page.index(f'id="end-{holding.pk}"'):]
    assert 'value="2025-06-01"' in row[:2500] and 'value="resigned in June"' in row[:2500]
    assert SeatHolding.objects.get(pk=holding.pk).ends_on == holding.ends_on  # unchanged
