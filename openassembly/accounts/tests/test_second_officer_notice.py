"""When an officer proposes a two-officer act, every other officer who may confirm it is told by
mail: one notice each, through the mail app's notices, never to the proposer."""

from __future__ import annotations

import pyotp
from django.core import mail
from django.test import Client

from openassembly.accounts.middleware import mark_second_factor_passed
from openassembly.accounts.models import SensitiveAction
from openassembly.accounts.services import propose_sensitive_action
from openassembly.core import clock
from openassembly.mail.models import Notice


def test_each_other_officer_who_may_confirm_is_told_once(organisation, secretary, chair,
                                                         member, work):
    from openassembly.conftest import _person, _seat

    treasurer = _seat(organisation, _person(organisation, "Trea Surer", "treas@example.org"),
                      "organising-group", "treasurer")
    action = propose_sensitive_action(secretary, organisation=organisation, kind="full-export",
                                      payload={}, reason="The annual audit")
    told = Notice.objects.filter(kind="confirm-act", payload__action=action.pk)
    assert sorted(told.values_list("member_id", flat=True)) == sorted([chair.pk, treasurer.pk])
    assert "send_notice" in work()
    sent = {m.to[0]: m for m in mail.outbox}
    assert set(sent) == {chair.email, treasurer.email}
    body = sent[chair.email].body
    assert "Sec Retary has proposed" in body and "The annual audit" in body
    assert f"/o/{organisation.slug}/officers/actions/" in body
    assert "second officer" in sent[chair.email].subject
    assert secretary.email not in sent and member.email not in sent


def test_an_officer_whose_second_factor_is_reset_is_not_asked_to_confirm_it(
        organisation, secretary, chair):
    from openassembly.conftest import _person, _seat

    treasurer = _seat(organisation, _person(organisation, "Trea Surer", "treas@example.org"),
                      "organising-group", "treasurer")
    chair.user.totp_secret, chair.user.totp_confirmed_at = pyotp.random_base32(), clock.now()
    chair.user.save()
    action = propose_sensitive_action(secretary, organisation=organisation,
                                      kind="reset-second-factor",
                                      payload={"member": chair.pk}, reason="Lost phone")
    told = Notice.objects.filter(kind="confirm-act", payload__action=action.pk)
    assert list(told.values_list("member_id", flat=True)) == [treasurer.pk]


def test_a_refused_proposal_tells_nobody(organisation, secretary, chair, member):
    import pytest

    from openassembly.core.errors import PowerDenied

    with pytest.raises(PowerDenied):
        propose_sensitive_action(member, organisation=organisation, kind="full-export",
                                 payload={}, reason="I want everything")
    assert not Notice.objects.filter(kind="confirm-act").exists()


def test_confirming_a_full_export_asks_for_the_second_factor_again(organisation, secretary,
                                                                   chair, settings):
    """Item 8 of the issue: the confirmation of a full export (not only its download) asks
    again for a second factor older than SECOND_FACTOR_RECENT_MINUTES."""
    from datetime import timedelta

    secret = pyotp.random_base32()
    start = clock.now()
    with clock.frozen_at(start):
        chair.user.totp_secret, chair.user.totp_confirmed_at = secret, start
        chair.user.save()
        client = Client()
        client.force_login(chair.user)
        session = client.session
        mark_second_factor_passed(session)
        session.save()
        action = propose_sensitive_action(secretary, organisation=organisation,
                                          kind="full-export", payload={}, reason="Audit")
    decide = f"/o/{organisation.slug}/officers/actions/{action.pk}/"
    with clock.frozen_at(start + timedelta(minutes=settings.SECOND_FACTOR_RECENT_MINUTES + 1)):
        asked = client.post(decide, {"decision": "confirm"})
    assert asked.status_code == 302 and asked["Location"].startswith("/accounts/two-factor/")
    action.refresh_from_db()
    assert action.status == SensitiveAction.Status.PENDING and not action.outcome
