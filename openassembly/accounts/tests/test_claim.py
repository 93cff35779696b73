"""Members put on the register without a login claim one by email; the page only validates and
the write is ``services.claim_account``."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail

from openassembly.accounts.models import User
from openassembly.accounts.services import claim_account
from openassembly.core import clock
from openassembly.members.models import Member


def _registered(organisation, email: str, **extra) -> Member:
    return Member.objects.create(organisation=organisation, name="On The Register",
                                 email=email, joined_on=clock.today() - timedelta(days=28), **extra)


def test_a_member_without_a_login_gets_one_and_the_claim_mail(client, organisation):
    registered = _registered(organisation, "New.Member@example.org")
    response = client.post("/accounts/claim/", {"email": "new.member@EXAMPLE.org"})
    assert response.status_code == 302 and response["Location"] == "/accounts/claim/sent/"
    registered.refresh_from_db()
    assert registered.user.email == "new.member@example.org"
    assert not registered.user.has_usable_password()
    assert [m.to for m in mail.outbox] == [["new.member@example.org"]]


def test_an_address_nobody_has_makes_nothing_and_sends_nothing(client, organisation):
    response = client.post("/accounts/claim/", {"email": "nobody@example.org"})
    assert response.status_code == 302  # the same answer, so addresses cannot be probed
    assert not User.objects.filter(email="nobody@example.org").exists()
    assert mail.outbox == []


def test_an_erased_member_cannot_be_claimed(organisation):
    _registered(organisation, "gone@example.org", erased_at="2026-02-01T00:00:00Z")
    assert claim_account(email="gone@example.org") is None
    assert not User.objects.filter(email="gone@example.org").exists()


def test_an_existing_login_is_linked_to_its_unclaimed_memberships(organisation, outsider):
    registered = _registered(organisation, "OUTSIDER@example.org")
    assert claim_account(email=" outsider@example.org ") == outsider
    registered.refresh_from_db()
    assert registered.user == outsider
    assert User.objects.filter(email__iexact="outsider@example.org").count() == 1


def test_a_disabled_login_is_not_claimed_again(client, organisation, outsider):
    registered = _registered(organisation, "outsider@example.org")
    outsider.is_active = False
    outsider.save()
    assert client.post("/accounts/claim/", {"email": "outsider@example.org"}).status_code == 302
    registered.refresh_from_db()
    assert registered.user is None and mail.outbox == []
    assert User.objects.filter(email__iexact="outsider@example.org").count() == 1
