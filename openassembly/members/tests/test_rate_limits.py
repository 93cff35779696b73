"""Rate limits on what a script could repeat: sign-up and account claims mail whatever address
is typed, so each is limited per address and per email; the counters are in the shared cache."""

from __future__ import annotations

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db

VENUE, ELSEWHERE = "198.51.100.9", "203.0.113.50"


@pytest.fixture
def appeal(organisation, secretary):
    from openassembly.members.services import create_appeal

    return create_appeal(secretary, organisation=organisation, slug="join", title="Join us",
                         text="Sign here.")


def _sign(client, organisation, email, address):
    return client.post(f"/o/{organisation.slug}/join/join/",
                       {"name": "New Person", "email": email}, REMOTE_ADDR=address)


def test_sign_ups_from_one_address_are_limited_with_a_clear_message(client, organisation,
                                                                     appeal, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS,
                            "sign-ups": {"address": "3/h", "email": "3/h"}}
    for n in range(3):
        assert _sign(client, organisation, f"p{n}@example.org", VENUE).status_code == 200
    refused = _sign(client, organisation, "p9@example.org", VENUE)
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Too many sign-ups from one address" in page and "3 an hour" in page
    assert 'value="p9@example.org"' in page  # what was typed is kept
    # Another address is counted on its own.
    assert _sign(client, organisation, "p9@example.org", ELSEWHERE).status_code == 200


def test_sign_ups_for_one_email_are_limited_from_any_address(client, organisation, appeal,
                                                             settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS,
                            "sign-ups": {"address": "100/h", "email": "2/h"}}
    for n in range(2):
        _sign(client, organisation, "Victim@example.org", f"192.0.2.{n}")
    refused = _sign(client, organisation, "victim@EXAMPLE.org", "192.0.2.99")
    assert refused.status_code == 429
    assert "for one email address" in refused.content.decode()


def test_claims_for_one_email_are_limited_so_an_inbox_is_not_flooded(client, member, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS,
                            "account claims": {"address": "100/h", "email": "2/h"}}
    mail.outbox.clear()
    for n in range(2):
        sent = client.post("/accounts/claim/", {"email": member.email}, REMOTE_ADDR=f"192.0.2.{n}")
        assert sent.status_code == 302
    refused = client.post("/accounts/claim/", {"email": member.email}, REMOTE_ADDR="192.0.2.77")
    assert refused.status_code == 429
    assert "Too many account claims for one email address" in refused.content.decode()
    assert len(mail.outbox) == 2


def test_the_counters_live_in_the_shared_cache(client, member, settings):
    from django.core.cache import caches

    # The "limits" cache is the database (or Redis): never a per-process memory.
    backend = settings.CACHES["limits"]["BACKEND"]
    assert backend in ("openassembly.core.cache.AtomicDatabaseCache",
                       "django.core.cache.backends.redis.RedisCache")
    assert settings.RATELIMIT_USE_CACHE == "limits"
    cache = caches["limits"]
    cache.add("probe", 1, 60)
    assert cache.incr("probe") == 2 and cache.incr("probe", 5) == 7


def test_many_active_accounts_do_not_cull_each_others_counters():
    """With Django's default of 300 entries, the 301st counter culls a third of the others, so
    on a closing night an account's limit would quietly start again."""
    from django.conf import settings as django_settings
    from django.core.cache import caches

    if "DatabaseCache" not in django_settings.CACHES["limits"]["BACKEND"]:
        pytest.skip("the limits live in Redis here, which has no entry cap")
    limits = caches["limits"]
    for n in range(400):
        limits.add(f"voter-{n}", 1, 60)
        limits.incr(f"voter-{n}")
    assert all(limits.get(f"voter-{n}") == 2 for n in range(400))
