"""Sign-up appeals: sign, confirm by email, become a member with a login, edit own details."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from openassembly.core.errors import NotFound
from openassembly.members.models import Appeal, Member, Signup
from openassembly.members.services import create_appeal


@pytest.fixture
def appeal(organisation, secretary):
    return create_appeal(
        secretary, organisation=organisation, slug="join", title="Join us", text="Sign here."
    )


@pytest.fixture
def sign(client, organisation, django_capture_on_commit_callbacks):
    def sign(email="new@example.org"):
        # Mail goes out on commit; the test transaction never commits, so run the callbacks.
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                f"/o/{organisation.slug}/join/join/", {"name": "New Person", "email": email}
            )

    return sign


def test_signing_sends_a_confirmation_and_counts_only_once_confirmed(
    client, organisation, appeal, sign
):
    response = sign()
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    assert not Member.objects.filter(email="new@example.org").exists()
    page = client.get(f"/o/{organisation.slug}/join/join/").content.decode()
    assert "<strong>0</strong> confirmed" in page
    link = re.search(r"http://127.0.0.1:8000(/\S+)", mail.outbox[0].body).group(1)
    response = client.post(
        link, {"password": "a long new password", "password_again": "a long new password"}
    )
    assert response.status_code == 303
    member = Member.objects.get(email="new@example.org")
    assert member.user is not None
    page = client.get(f"/o/{organisation.slug}/join/join/").content.decode()
    assert "<strong>1</strong> confirmed" in page
    # the link is single-use
    assert client.get(link).status_code == 404


def test_unconfirmed_signup_cannot_be_confirmed_with_a_made_up_token(organisation, appeal):
    from openassembly.members.services import confirm_signup

    with pytest.raises(NotFound):
        confirm_signup(organisation=organisation, token="made-up", password="whatever123")


def test_mismatched_passwords_lose_nothing(client, organisation, appeal, sign):
    sign()
    link = re.search(r"http://127.0.0.1:8000(/\S+)", mail.outbox[0].body).group(1)
    response = client.post(
        link, {"password": "a long new password", "password_again": "different one"}
    )
    assert response.status_code == 400
    assert "not the same" in response.content.decode()
    assert Signup.objects.get().confirmed_at is None


def test_closed_appeal_refuses_signatures(client, organisation, appeal, sign):
    Appeal.objects.filter(pk=appeal.pk).update(is_open=False)
    response = sign()
    assert "closed" in response.content.decode()
    assert not Signup.objects.exists()


def test_member_edits_own_details_and_they_stay_private(client, organisation, member):
    client.force_login(member.user)
    response = client.post(
        f"/o/{organisation.slug}/me/",
        {"name": "Ordinary Member", "phone": "07700 900123", "address": "1 Lane"},
    )
    assert response.status_code == 303
    member.refresh_from_db()
    assert member.phone == "07700 900123"
    public = client.get(f"/o/{organisation.slug}/open-data.json").content.decode()
    assert "07700" not in public and member.email not in public
    assert client.get(f"/o/{organisation.slug}/people/{member.pk}/").status_code == 404


def test_details_page_needs_a_login(client, organisation):
    response = client.get(f"/o/{organisation.slug}/me/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
