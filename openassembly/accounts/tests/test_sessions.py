"""A request's session, user, officer seat and memberships come from one query."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from openassembly.accounts.backends import load_user
from openassembly.accounts.models import Session


def _me(client, organisation):
    return client.get(f"/o/{organisation.slug}/me/")


def test_a_login_stores_the_user_beside_the_session(client, member):
    client.force_login(member.user)
    assert Session.objects.get(session_key=client.session.session_key).user_id == member.user_id


def test_the_session_query_brings_the_user_and_their_membership(client, member):
    client.force_login(member.user)
    with CaptureQueriesContext(connection) as queries:
        response = _me(client, member.organisation)
    assert response.status_code == 200 and member.name in response.content.decode()
    identity = [q["sql"] for q in queries.captured_queries if "members_member" in q["sql"]]
    # One query reads the session, the user, the membership and the officer check together.
    assert len(identity) == 1 and "session_data" in identity[0]
    assert not any(q["sql"].lstrip().startswith('SELECT "accounts_user"')
                   for q in queries.captured_queries)


def test_the_session_data_decides_who_is_signed_in_not_the_column(client, member, chair):
    client.force_login(member.user)
    key = client.session.session_key
    # A row whose column disagrees with its signed data (say, edited in the database) does not
    # make its bearer someone else: the user named in the data is loaded afresh.
    Session.objects.filter(session_key=key).update(user_id=chair.user_id)
    page = _me(client, member.organisation).content.decode()
    assert member.name in page and chair.name not in page


def test_a_changed_password_still_ends_other_sessions(client, member):
    client.force_login(member.user)
    user = member.user
    user.set_password("a new and different passphrase")
    user.save()
    response = _me(client, member.organisation)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_expired_or_unknown_session_is_anonymous(client, member):
    client.force_login(member.user)
    Session.objects.all().delete()
    assert _me(client, member.organisation).status_code == 302


def test_a_member_of_two_organisations_is_each_ones_member_at_its_address(member):
    from openassembly.core.services import create_organisation
    from openassembly.members.models import Member
    from openassembly.rules import examples

    other = create_organisation(constitution_text=examples.read("commonweal").replace(
        'slug = "commonweal"', 'slug = "elsewhere"'), adopted_by="test")
    there = Member.objects.create(organisation=other, user=member.user, name="Also There",
                                  email="there@example.org", joined_on=member.joined_on)
    user = load_user(member.user_id)
    assert user.loaded_memberships == {"commonweal": member, "elsewhere": there}
    assert user.loaded_memberships["elsewhere"].organisation == other
    assert user.holds_officer_seat is False


def test_the_officer_flag_comes_with_the_user(secretary, member):
    assert load_user(secretary.user_id).holds_officer_seat is True
    assert load_user(member.user_id).holds_officer_seat is False
    assert load_user(10**9) is None
