"""The officers' pages for dues and disciplinary decisions: each refusal on the same form, by
its field, with what was typed kept; success carried out through the same services."""

from __future__ import annotations

import html

from openassembly.core.models import LedgerEvent
from openassembly.members.models import DuesPayment, Member

SUMMARY = "There is a problem"


def _page(response) -> str:
    return html.unescape(response.content.decode())


def test_dues_are_recorded_from_the_page(officer_client, organisation, member):
    url = f"/o/{organisation.slug}/officers/dues/"
    page = _page(officer_client.get(url))
    assert "Rule 2.3 (Dues)" in page and "Rule 2.4 (Lapsing)" in page
    response = officer_client.post(url, {"member": member.email, "amount": "12.00",
                                         "paid_on": member.joined_on.isoformat()})
    assert response.status_code == 303
    assert DuesPayment.objects.get().member == member


def test_a_short_payment_is_refused_by_the_amount_field(officer_client, organisation, member):
    response = officer_client.post(f"/o/{organisation.slug}/officers/dues/",
                                   {"member": member.email, "amount": "10.00",
                                    "paid_on": member.joined_on.isoformat()})
    assert response.status_code == 400
    page = _page(response)
    assert SUMMARY in page and 'href="#id_amount"' in page and 'id="id_amount_error"' in page
    assert "Rule 2.3 sets dues at £12.00 for 12 months" in page
    assert f'value="{member.email}"' in page
    assert not DuesPayment.objects.exists()


def test_an_unknown_member_is_refused_by_the_member_field(officer_client, organisation):
    response = officer_client.post(f"/o/{organisation.slug}/officers/dues/",
                                   {"member": "nobody@example.org", "amount": "12.00",
                                    "paid_on": "2026-01-01"})
    assert response.status_code == 404
    assert 'id="id_member_error"' in _page(response)


def test_a_member_without_the_power_is_refused_both_pages(client, organisation, member):
    client.force_login(member.user)
    for path, rule in (("dues", "2.3"), ("discipline", "2.2")):
        response = client.get(f"/o/{organisation.slug}/officers/{path}/")
        assert response.status_code == 403 and rule in response.content.decode()


def test_a_missing_decision_is_refused_by_the_decision_field(officer_client, organisation,
                                                             member):
    response = officer_client.post(f"/o/{organisation.slug}/officers/discipline/",
                                   {"member": member.email, "change": "suspend",
                                    "decision": "999", "reason": "Upheld complaint."})
    assert response.status_code == 403
    page = _page(response)
    assert SUMMARY in page and 'href="#id_decision"' in page
    assert "There is no decision 999 in the decisions register." in page
    assert "Upheld complaint." in page
    assert Member.objects.get(pk=member.pk).status == "active"
    refusal = LedgerEvent.objects.get(kind="power.refused")
    assert refusal.data["reason"] == "There is no decision 999 in the decisions register."


def test_an_ordinary_decision_is_refused_on_the_page_naming_the_rule(
        officer_client, organisation, member, og_decision):
    decision = og_decision("", 5, 3)
    response = officer_client.post(f"/o/{organisation.slug}/officers/discipline/",
                                   {"member": member.email, "change": "expel",
                                    "decision": str(decision.number), "reason": "Upheld."})
    assert response.status_code == 403
    page = _page(response)
    assert 'id="id_decision_error"' in page and "Rule 2.5: it takes a decision moved as" in page
    assert Member.objects.get(pk=member.pk).status == "active"
    assert LedgerEvent.objects.filter(kind="power.refused", data__rule="2.5").exists()


def test_a_disciplinary_decision_is_carried_out_from_the_page(
        officer_client, organisation, member, og_decision):
    decision = og_decision()
    response = officer_client.post(f"/o/{organisation.slug}/officers/discipline/",
                                   {"member": member.email, "change": "suspend",
                                    "decision": str(decision.number), "reason": "Upheld."},
                                   follow=True)
    assert f"Decision {decision.number} is carried out" in _page(response)
    assert Member.objects.get(pk=member.pk).status == "suspended"
