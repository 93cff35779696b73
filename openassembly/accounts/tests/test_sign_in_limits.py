"""Sign-in that resists guessing: wrong passwords and wrong second-factor codes lock the account
and, separately, the address they came from; the holder is told once; a code works once."""

from __future__ import annotations

import pyotp
import pytest
from django.core import mail

from openassembly.accounts.services import confirm_totp_enrolment, start_totp_enrolment

LIMIT = 5  # settings.AXES_FAILURE_LIMIT
RIGHT = "correct horse battery"
ATTACKER, HOME, OTHER = "203.0.113.7", "198.51.100.20", "192.0.2.44"


def _login(client, email, password, address):
    return client.post("/accounts/login/", {"email": email, "password": password, "next": "/"},
                       REMOTE_ADDR=address)


def _enrol(user) -> pyotp.TOTP:
    start_totp_enrolment(user)
    totp = pyotp.TOTP(user.totp_secret)
    # Enrolled in the previous time-step, so the current code is still unused.
    confirm_totp_enrolment(user, code=totp.at(totp.timecode(_now()) * totp.interval - 30))
    return totp


def _now():
    from openassembly.core import clock

    return clock.now()


def _wrong_code(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


@pytest.fixture
def officer(secretary):
    return secretary, _enrol(secretary.user)


def test_wrong_passwords_lock_the_account_from_every_address(client, member, settings):
    assert settings.AXES_FAILURE_LIMIT == LIMIT
    for _ in range(LIMIT - 1):
        assert _login(client, member.email, "wrong", ATTACKER).status_code == 400
    locked = _login(client, member.email.upper(), "wrong", OTHER)  # one account, any case
    assert locked.status_code == 429
    assert "Too many wrong attempts" in locked.content.decode()
    # The right password, from the holder's own address, is refused until the cool-off ends.
    refused = _login(client, member.email, RIGHT, HOME)
    assert refused.status_code == 429 and "locked for 15 minutes" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_lock_the_address_for_every_account(client, member, organisation):
    for n in range(LIMIT):
        _login(client, f"guess{n}@example.org", "wrong", ATTACKER)
    # From that address even a right password of an account never guessed at is refused...
    assert _login(client, member.email, RIGHT, ATTACKER).status_code == 429
    # ...and the account itself is not locked: from another address it signs in.
    assert _login(client, member.email, RIGHT, HOME).status_code == 302


def test_a_forged_forwarded_for_does_not_escape_the_address_limit(client, member):
    # Exposed directly (no trusted proxy), X-Forwarded-For is the client's own invention.
    for n in range(LIMIT):
        client.post("/accounts/login/", {"email": f"g{n}@example.org", "password": "x"},
                    REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"10.9.9.{n}")
    assert _login(client, member.email, RIGHT, ATTACKER).status_code == 429


def test_behind_a_trusted_proxy_the_client_is_the_address_the_proxy_saw(rf, settings):
    from openassembly.core.clients import client_address

    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    settings.TRUSTED_PROXIES = 0
    assert client_address(request) == "127.0.0.1"
    settings.TRUSTED_PROXIES = 1
    # The left entry was written by the client; the right one by our proxy.
    assert client_address(request) == "203.0.113.7"
    settings.TRUSTED_PROXIES = 3  # fewer hops than proxies: the request bypassed them
    assert client_address(request) == "127.0.0.1"


def test_the_holder_is_mailed_once_when_their_account_is_locked(client, member):
    mail.outbox.clear()
    for _ in range(LIMIT + 3):
        _login(client, member.email, "wrong", ATTACKER)
    sent = [m for m in mail.outbox if m.to == [member.email]]
    assert len(sent) == 1
    assert "locked" in sent[0].subject and "15 minutes" in sent[0].body


def test_an_address_locked_for_guessing_at_many_accounts_mails_none_of_them(client, member):
    mail.outbox.clear()
    for n in range(LIMIT):
        _login(client, f"guess{n}@example.org", "wrong", ATTACKER)
    _login(client, member.email, "wrong", ATTACKER)
    assert not [m for m in mail.outbox if m.to == [member.email]]


def _password_step(client, officer_member, address):
    response = _login(client, officer_member.email, RIGHT, address)
    assert response.status_code == 302 and "/accounts/two-factor/" in response["Location"]


def test_wrong_codes_lock_the_account_even_with_the_right_password(client, officer):
    member, totp = officer
    _password_step(client, member, ATTACKER)
    for _ in range(LIMIT - 1):
        wrong = client.post("/accounts/two-factor/", {"code": _wrong_code(totp.now())},
                            REMOTE_ADDR=ATTACKER)
        assert wrong.status_code == 400 and "not right" in wrong.content.decode()
    last = client.post("/accounts/two-factor/", {"code": _wrong_code(totp.now())},
                       REMOTE_ADDR=ATTACKER)
    assert last.status_code == 429
    # Now the right code is refused too, and the holder has been told.
    right = client.post("/accounts/two-factor/", {"code": totp.now()}, REMOTE_ADDR=ATTACKER)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    assert [m for m in mail.outbox if m.to == [member.email]]
    # The account is locked, not only the address: the holder's own sign-in waits too.
    assert _login(client.__class__(), member.email, RIGHT, HOME).status_code == 429


def test_wrong_codes_count_per_address_across_accounts(client, officer, chair):
    member, totp = officer
    chair_totp = _enrol(chair.user)
    other = client.__class__()
    _password_step(client, member, ATTACKER)
    _password_step(other, chair, ATTACKER)
    for _ in range(3):
        client.post("/accounts/two-factor/", {"code": _wrong_code(totp.now())},
                    REMOTE_ADDR=ATTACKER)
    for _ in range(LIMIT - 3):
        other.post("/accounts/two-factor/", {"code": _wrong_code(chair_totp.now())},
                   REMOTE_ADDR=ATTACKER)
    # Neither account reached the limit, the address did.
    assert client.post("/accounts/two-factor/", {"code": totp.now()},
                       REMOTE_ADDR=ATTACKER).status_code == 429
    fresh = client.__class__()
    _password_step(fresh, member, HOME)
    assert fresh.post("/accounts/two-factor/", {"code": totp.now()},
                      REMOTE_ADDR=HOME).status_code == 303


def test_a_code_signs_in_once(client, officer):
    member, totp = officer
    _password_step(client, member, HOME)
    code = totp.now()
    assert client.post("/accounts/two-factor/", {"code": code}, REMOTE_ADDR=HOME).status_code \
        == 303
    second = client.__class__()
    _password_step(second, member, HOME)
    replay = second.post("/accounts/two-factor/", {"code": code}, REMOTE_ADDR=HOME)
    assert replay.status_code == 400 and "used already" in replay.content.decode()


def test_setup_page_by_get_changes_nothing(client, secretary):
    client.force_login(secretary.user)
    for _ in range(2):
        assert client.get("/accounts/two-factor/setup/").status_code == 200
    secretary.user.refresh_from_db()
    assert secretary.user.totp_secret == ""
