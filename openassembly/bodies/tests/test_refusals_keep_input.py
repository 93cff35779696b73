"""Refused seat forms come back on the seats page with what was typed and the reason."""

from __future__ import annotations

import html

from openassembly.bodies.models import SeatGroup, SeatHolding

SUMMARY = "There is a problem"


def _seat(officer_client, organisation, make_person):
    make_person("Newly Elected", "new@example.org")
    group = SeatGroup.objects.get(body__key="coordinating-group", seat_key="regional",
                                  label="North")
    url = f"/o/{organisation.slug}/bodies/coordinating-group/seats/"
    officer_client.post(url, {"seat_group": group.pk, "member": "new@example.org",
                              "starts_on": "2026-01-01", "how": "elected"})
    return url, group.holdings.get()


def test_unknown_member_is_refused_by_the_member_field_with_the_rest_kept(
        officer_client, organisation, make_person):
    url, _ = _seat(officer_client, organisation, make_person)
    response = officer_client.post(url, {"seat_group": SeatGroup.objects.first().pk,
                                         "member": "nobody@example.org",
                                         "starts_on": "2026-02-03", "how": "co-opted in March"})
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert SUMMARY in page and 'href="#id_member"' in page and 'id="id_member_error"' in page
    assert 'value="nobody@example.org"' in page and 'value="co-opted in March"' in page


def test_term_ending_before_it_began_keeps_the_date_and_reason_on_its_row(
        officer_client, organisation, make_person):
    url, holding = _seat(officer_client, organisation, make_person)
    response = officer_client.post(f"{url}{holding.pk}/end/",
                                   {"ends_on": "2025-06-01", "reason": "resigned in June"})
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert SUMMARY in page and f'href="#end-{holding.pk}-ends_on"' in page
    assert "cannot end before it started" in page
    row = page[page.index(f'id="end-{holding.pk}"'):]
    assert 'value="2025-06-01"' in row[:2000] and 'value="resigned in June"' in row[:2000]
    assert SeatHolding.objects.get(pk=holding.pk).ends_on is None
