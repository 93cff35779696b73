"""Officers sign in with a second factor; members without an office do not need one."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest

from openassembly.accounts.services import confirm_totp_enrolment, start_totp_enrolment
from openassembly.core.actors import System
from openassembly.core.errors import InvalidInput


def _login(client, email, password="correct horse battery"):
    return client.post("/accounts/login/", {"email": email, "password": password, "next": "/"})


def test_member_without_office_signs_in_with_password(client, member):
    response = _login(client, member.email)
    assert response.status_code == 302
    assert client.get(f"/o/{member.organisation.slug}/me/").status_code == 200


def test_wrong_password_is_refused(client, member):
    response = _login(client, member.email, "wrong")
    assert response.status_code == 400
    assert "do not match" in response.content.decode()


def test_officer_without_second_factor_must_set_it_up(client, secretary):
    _login(client, secretary.email)
    response = client.get(f"/o/{secretary.organisation.slug}/officers/import/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/setup/")
    # Looking at the setup page changes nothing; starting is a POST.
    client.get(response["Location"])
    assert not secretary.user.__class__.objects.get(pk=secretary.user.pk).totp_secret
    started = client.post("/accounts/two-factor/setup/", {"start": "1", "next": "/"})
    assert started.status_code == 303
    page = client.get(started["Location"])
    secret = secretary.user.__class__.objects.get(pk=secretary.user.pk).totp_secret
    assert secret and secret in page.content.decode()
    code = pyotp.TOTP(secret).now()
    done = client.post("/accounts/two-factor/setup/", {"code": code, "next": "/"})
    assert done.status_code == 200
    assert len(done.context["codes"]) == 10
    assert client.get(f"/o/{secretary.organisation.slug}/officers/import/").status_code == 200


def test_password_alone_does_not_sign_in_an_enrolled_officer(client, secretary):
    start_totp_enrolment(secretary.user)
    confirm_totp_enrolment(secretary.user, code=pyotp.TOTP(secretary.user.totp_secret).now())
    response = _login(client, secretary.email)
    assert response["Location"].startswith("/accounts/two-factor/")
    # not signed in yet
    me = client.get(f"/o/{secretary.organisation.slug}/me/")
    assert me.status_code == 302 and "/accounts/login/" in me["Location"]
    wrong = client.post("/accounts/two-factor/", {"code": "000000"})
    assert "not right" in wrong.content.decode()


def test_a_code_cannot_be_used_twice(secretary):
    user = secretary.user
    start_totp_enrolment(user)
    totp = pyotp.TOTP(user.totp_secret)
    confirm_totp_enrolment(user, code=totp.now())
    from openassembly.accounts.services import check_totp

    with pytest.raises(InvalidInput, match="used already"):
        check_totp(user, code=totp.now())


def test_member_seated_as_officer_mid_session_is_asked_for_the_second_factor(
    client, organisation, member
):
    from datetime import timedelta

    from openassembly.bodies.models import SeatGroup
    from openassembly.bodies.services import seat_founder
    from openassembly.core import clock

    client.force_login(member.user)
    url = f"/o/{organisation.slug}/me/"
    start = clock.now()
    with clock.frozen_at(start):
        assert client.get(url).status_code == 200
    seat_founder(
        System("test founders"),
        organisation=organisation,
        member=member,
        seat_group=SeatGroup.objects.get(body__key="organising-group", seat_key="treasurer"),
        starts_on=clock.today() - timedelta(days=1),
    )
    with clock.frozen_at(start + timedelta(seconds=61)):
        response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/setup/")


def test_an_officer_seat_is_held_from_its_start_until_its_end(secretary, member):
    from openassembly.bodies.models import SeatHolding
    from openassembly.bodies.powers import holds_officer_seat
    from openassembly.core import clock

    assert holds_officer_seat(secretary) and holds_officer_seat(secretary.user)
    assert not holds_officer_seat(member) and not holds_officer_seat(member.user)
    holding = SeatHolding.objects.get(member=secretary)
    SeatHolding.objects.filter(pk=holding.pk).update(ends_on=clock.today())
    assert not holds_officer_seat(secretary) and not holds_officer_seat(secretary.user)
    SeatHolding.objects.filter(pk=holding.pk).update(ends_on=None,
                                                    starts_on=clock.today() + timedelta(days=1))
    assert not holds_officer_seat(secretary.user)
