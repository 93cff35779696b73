"""Refused members' forms come back on themselves with the reason by the field."""

from __future__ import annotations

import html
import re

from django.core import mail

from openassembly.members.models import Affiliate, AffiliationFee, Member, Signup

from .test_signup import appeal, sign  # noqa: F401

SUMMARY = "There is a problem"


def _page(response) -> str:
    return html.unescape(response.content.decode())


def test_wrong_password_for_an_existing_account_is_by_the_password_field(
        client, organisation, appeal, sign, member):  # noqa: F811
    sign(email=member.email)
    link = re.search(r"http://127.0.0.1:8000(/\S+)", mail.outbox[0].body).group(1)
    response = client.post(link, {"password": "not the password at all",
                                  "password_again": "not the password at all"})
    assert response.status_code == 400
    page = _page(response)
    assert SUMMARY in page and 'href="#id_password"' in page
    assert 'id="id_password_error"' in page and "enter its password" in page
    assert Signup.objects.get().confirmed_at is None


def test_bad_email_on_the_appeal_keeps_the_name_typed(client, organisation, appeal):  # noqa: F811
    response = client.post(f"/o/{organisation.slug}/join/join/",
                           {"name": "Rhiannon Price", "email": "rhiannon at example"})
    assert response.status_code == 400
    page = _page(response)
    assert SUMMARY in page and 'href="#id_email"' in page
    assert 'value="Rhiannon Price"' in page and 'value="rhiannon at example"' in page
    assert not Signup.objects.exists()


def test_own_details_refused_keep_the_other_fields(client, organisation, member):
    client.force_login(member.user)
    response = client.post(f"/o/{organisation.slug}/me/",
                           {"name": "", "phone": "07700 900123", "address": "1 Lane"})
    assert response.status_code == 400
    page = _page(response)
    assert SUMMARY in page and 'href="#id_name"' in page
    assert 'value="07700 900123"' in page and "1 Lane</textarea>" in page
    assert Member.objects.get(pk=member.pk).phone == ""


def test_short_affiliation_fee_is_refused_by_the_amount(officer_client, organisation):
    url = f"/o/{organisation.slug}/affiliates/"
    officer_client.post(url, {"form": "add", "kind": "union", "name": "Bakers Union",
                              "slug": "bakers"})
    bakers = Affiliate.objects.get(slug="bakers")
    response = officer_client.post(url, {"form": "fee", "affiliate": bakers.pk, "year": 2026,
                                         "amount": "1.00", "paid_on": "2026-01-10"})
    assert response.status_code == 400
    page = _page(response)
    assert SUMMARY in page and 'href="#id_amount"' in page and "is short" in page
    assert 'value="1.00"' in page and 'value="2026-01-10"' in page
    assert not AffiliationFee.objects.exists()
    # The other form on the page was not sent, so it shows no problem of its own.
    assert page.count('class="error field-error"') == 1
