"""A session row's sign-in columns say "signed in" only when Django's own check would."""

from __future__ import annotations

import pyotp
import pytest
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.db import connection
from django.test import override_settings

from openassembly.accounts import signed_in
from openassembly.accounts.models import Session
from openassembly.accounts.services import confirm_totp_enrolment, start_totp_enrolment


def _row(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_signing_in_writes_the_columns(client, member):
    assert client.post("/accounts/login/", {"email": member.email,
                                            "password": "correct horse battery"}).status_code == 302
    row = _row(client)
    member.user.refresh_from_db()
    assert row.user_id == member.user_id
    assert row.auth_digest == signed_in.password_digest(member.user.password)
    assert row.key_id == signed_in.key_id("test-only-not-secret")
    assert row.second_factor is False


def test_the_second_factor_is_written_when_it_is_passed(client, secretary):
    user = secretary.user
    start_totp_enrolment(user)
    confirm_totp_enrolment(user, code=pyotp.TOTP(user.totp_secret).now())
    user.totp_last_step = 0  # let the next code through: this is a fresh sign-in
    user.save()
    client.post("/accounts/login/", {"email": secretary.email,
                                     "password": "correct horse battery"})
    client.post("/accounts/two-factor/", {"code": pyotp.TOTP(user.totp_secret).now()})
    assert _row(client).second_factor is True


def test_a_session_that_does_not_match_its_users_password_is_not_signed_in(member):
    user = member.user
    data = {SESSION_KEY: str(user.pk), HASH_SESSION_KEY: "not the hash of this password",
            "_auth_user_backend": "openassembly.accounts.backends.MemberBackend"}
    assert signed_in.columns(data, user)["auth_digest"] == ""
    data[HASH_SESSION_KEY] = user.get_session_auth_hash()
    assert signed_in.columns(data, user)["auth_digest"] == signed_in.password_digest(
        user.password)
    for spoiled in ({"_auth_user_backend": "some.other.Backend"}, {SESSION_KEY: "0"}):
        assert signed_in.columns(data | spoiled, user)["auth_digest"] == ""
    user.is_active = False
    assert signed_in.columns(data, user)["auth_digest"] == ""
    assert signed_in.columns(data, None)["auth_digest"] == ""


def test_a_hash_made_with_a_fallback_key_still_counts(member):
    user = member.user
    data = {SESSION_KEY: str(user.pk), HASH_SESSION_KEY: user.get_session_auth_hash(),
            "_auth_user_backend": "openassembly.accounts.backends.MemberBackend"}
    with override_settings(SECRET_KEY="the next key, long enough to be one",
                           SECRET_KEY_FALLBACKS=["test-only-not-secret"]):
        assert signed_in.key_ids() == [signed_in.key_id("the next key, long enough to be one"),
                                       signed_in.key_id("test-only-not-secret")]
        assert signed_in.columns(data, user)["auth_digest"] != ""
    with override_settings(SECRET_KEY="the next key, long enough to be one"):
        assert signed_in.columns(data, user)["auth_digest"] == ""


def test_a_key_id_names_a_key_without_revealing_it():
    one, two = signed_in.key_id("first secret key"), signed_in.key_id("second secret key")
    assert len(one) == 16 and one != two and "secret" not in one


@pytest.mark.django_db
def test_postgresql_computes_the_same_password_digest():
    if connection.vendor != "postgresql":
        pytest.skip("the statement's digest is PostgreSQL's (set DATABASE_URL)")
    password = "argon2$argon2id$v=19$m=102400,t=2,p=8$c2FsdA$aGFzaMOpIOKCrA"
    with connection.cursor() as cursor:
        cursor.execute("SELECT encode(sha256(convert_to(%s, 'UTF8')), 'hex')", [password + "é€"])
        assert cursor.fetchone()[0] == signed_in.password_digest(password + "é€")


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def test_the_statement_finds_the_voter_by_keys_alone(client, member, make_person):
    """Without statistics the planner once started from the whole register and hashed every
    member's password to find one voter; the query is written so that every step is a lookup
    by key, whatever the statistics say."""
    if connection.vendor != "postgresql":
        pytest.skip("the statement is PostgreSQL's (set DATABASE_URL)")
    for i in range(60):
        make_person(f"Someone {i}", f"someone{i}@example.org")
    client.force_login(member.user)
    holder = signed_in.SessionHolder(client.session.session_key, member.organisation.slug)
    with connection.cursor() as cursor:
        cursor.execute(signed_in.signed_in_member(), signed_in.params(holder))
        assert cursor.fetchall() == [(member.pk, member.name, member.organisation_id)]
        cursor.execute("EXPLAIN (FORMAT JSON) " + signed_in.signed_in_member(),
                       signed_in.params(holder))
        nodes = list(_nodes(cursor.fetchone()[0][0]["Plan"]))
    scanned = {n.get("Relation Name") for n in nodes if n["Node Type"] == "Seq Scan"}
    assert not scanned & {"members_member", "accounts_user", "accounts_session"}
    assert not any("sha256" in n.get("Hash Cond", "") + n.get("Join Filter", "") for n in nodes)
