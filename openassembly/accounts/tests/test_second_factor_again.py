"""The most sensitive acts ask an officer for the second factor again when the session passed
it more than SECOND_FACTOR_RECENT_MINUTES ago: confirming a two-officer act, fetching a full
export."""

from __future__ import annotations

from datetime import timedelta

import pyotp
from django.test import Client

from openassembly.accounts.middleware import mark_second_factor_passed
from openassembly.accounts.models import SensitiveAction
from openassembly.accounts.services import propose_sensitive_action
from openassembly.core import clock


def _officer_session(member, secret: str) -> Client:
    member.user.totp_secret, member.user.totp_confirmed_at = secret, clock.now()
    member.user.save()
    client = Client()
    client.force_login(member.user)
    session = client.session
    mark_second_factor_passed(session)
    session.save()
    return client


def test_confirming_with_a_stale_second_factor_asks_for_it_again(organisation, secretary,
                                                                  chair, member, settings):
    secret = pyotp.random_base32()
    start = clock.now()
    with clock.frozen_at(start):
        client = _officer_session(chair, secret)
        action = propose_sensitive_action(secretary, organisation=organisation,
                                          kind="erase-member", payload={"member": member.pk},
                                          reason="Asked in writing")
    decide = f"/o/{organisation.slug}/officers/actions/{action.pk}/"
    later = start + timedelta(minutes=settings.SECOND_FACTOR_RECENT_MINUTES + 1)
    with clock.frozen_at(later):
        asked = client.post(decide, {"decision": "confirm"})
        assert asked.status_code == 302
        assert asked["Location"].startswith("/accounts/two-factor/?next=")
        assert SensitiveAction.objects.get(pk=action.pk).status == "pending"
        code = pyotp.TOTP(secret).at(later)
        assert client.post(asked["Location"], {"code": code}).status_code == 303
        assert client.post(decide, {"decision": "confirm"}).status_code == 303
    assert SensitiveAction.objects.get(pk=action.pk).status == "confirmed"


def test_a_recent_second_factor_is_not_asked_again(organisation, secretary, chair, member,
                                                   settings):
    start = clock.now()
    with clock.frozen_at(start):
        client = _officer_session(chair, pyotp.random_base32())
        action = propose_sensitive_action(secretary, organisation=organisation,
                                          kind="erase-member", payload={"member": member.pk},
                                          reason="Asked in writing")
    decide = f"/o/{organisation.slug}/officers/actions/{action.pk}/"
    with clock.frozen_at(start + timedelta(minutes=settings.SECOND_FACTOR_RECENT_MINUTES - 1)):
        assert client.post(decide, {"decision": "confirm"}).status_code == 303
    assert SensitiveAction.objects.get(pk=action.pk).status == "confirmed"


def test_a_session_that_never_recorded_when_is_asked_again(organisation, secretary, chair,
                                                           member):
    from openassembly.accounts.middleware import SESSION_KEY

    client = Client()
    client.force_login(chair.user)
    session = client.session
    session[SESSION_KEY] = True  # as sessions from before this rule were
    session.save()
    action = propose_sensitive_action(secretary, organisation=organisation, kind="erase-member",
                                      payload={"member": member.pk}, reason="Asked in writing")
    asked = client.post(f"/o/{organisation.slug}/officers/actions/{action.pk}/",
                        {"decision": "confirm"})
    assert asked.status_code == 302 and "/accounts/two-factor/" in asked["Location"]
    assert SensitiveAction.objects.get(pk=action.pk).status == "pending"


def test_fetching_a_full_export_with_a_stale_second_factor_asks_for_it_again(
        organisation, secretary, chair, settings):
    from openassembly.accounts.services import confirm_sensitive_action

    start = clock.now()
    with clock.frozen_at(start):
        client = _officer_session(chair, pyotp.random_base32())
        action = propose_sensitive_action(secretary, organisation=organisation,
                                          kind="full-export", payload={}, reason="Audit")
        confirm_sensitive_action(chair, organisation=organisation, action_id=action.pk)
    url = f"/o/{organisation.slug}/officers/actions/{action.pk}/export"
    with clock.frozen_at(start + timedelta(minutes=1)):
        assert client.get(url).status_code == 200
    with clock.frozen_at(start + timedelta(minutes=settings.SECOND_FACTOR_RECENT_MINUTES + 1)):
        asked = client.get(url)
    assert asked.status_code == 302 and asked["Location"].startswith("/accounts/two-factor/")
