"""The compliance check on acts of power refused links each refusal to its line on the ledger,
on whichever page of the ledger it now is."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from openassembly.core.errors import PowerDenied
from openassembly.core.ledger import append_event
from openassembly.core.models import LedgerEvent
from openassembly.record.compliance import refused_acts
from openassembly.record.selectors import LEDGER_PAGE_SIZE


def test_a_refusal_links_to_its_page_of_the_ledger(organisation, member, test_kinds):
    from openassembly.core import clock
    from openassembly.members.services import add_member

    with pytest.raises(PowerDenied):
        add_member(member, organisation=organisation, name="Friend", email="f@example.org")
    refusal = LedgerEvent.objects.get(kind="power.refused")
    with transaction.atomic():
        for i in range(LEDGER_PAGE_SIZE):
            append_event(organisation, kind="test.happened", actor=None, data={"i": i})
    [finding] = refused_acts(organisation, clock.now())
    assert finding.url.endswith(f"/ledger/?page=2#e-{refusal.pk}")
    assert (finding.subject, finding.rule, finding.ok) == (
        "Ordinary Member tried to add member", "2.2", True)
    page = Client().get(finding.url.split("#")[0]).content.decode()
    assert f'id="e-{refusal.pk}"' in page


def test_refusals_older_than_a_year_are_not_listed(organisation, member):
    from datetime import timedelta

    from openassembly.core import clock
    from openassembly.members.services import add_member

    with pytest.raises(PowerDenied):
        add_member(member, organisation=organisation, name="Friend", email="f@example.org")
    assert len(refused_acts(organisation, clock.now() + timedelta(days=364))) == 1
    assert refused_acts(organisation, clock.now() + timedelta(days=366)) == []
