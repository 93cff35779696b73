"""When the second factor is lost: recovery codes (shown once, kept hashed, each used once), a
reset by two other officers, and a code that two sessions race to use."""

from __future__ import annotations

import threading

import pyotp
import pytest
from django.db import connection, connections

from openassembly.accounts import services
from openassembly.accounts.models import RecoveryCode, SensitiveAction, User
from openassembly.conftest import _person, _seat
from openassembly.core.errors import InvalidInput, PowerDenied
from openassembly.core.models import LedgerEvent


def _enrol(user) -> tuple[pyotp.TOTP, list[str]]:
    from openassembly.core import clock

    services.start_totp_enrolment(user)
    totp = pyotp.TOTP(user.totp_secret)
    previous = totp.at(totp.timecode(clock.now()) * totp.interval - 30)
    return totp, services.confirm_totp_enrolment(user, code=previous)


def test_recovery_codes_are_kept_only_as_hashes(secretary):
    _, codes = _enrol(secretary.user)
    assert len(codes) == len(set(codes)) == 10
    digests = list(RecoveryCode.objects.filter(user=secretary.user).values_list("digest",
                                                                                flat=True))
    assert len(digests) == 10 and not set(digests) & set(codes)
    assert all(code not in d for d in digests for code in codes)


def test_a_recovery_code_signs_in_once(client, secretary):
    _, codes = _enrol(secretary.user)
    client.post("/accounts/login/", {"email": secretary.email,
                                     "password": "correct horse battery"})
    # Typed in lower case and without the dash: still the code.
    used = client.post("/accounts/two-factor/recovery/",
                       {"code": codes[0].lower().replace("-", ""), "next": "/"})
    assert used.status_code == 303
    assert client.session.get("second_factor_ok") and client.session.get("_auth_user_id")
    again = client.__class__()
    again.post("/accounts/login/", {"email": secretary.email, "password": "correct horse battery"})
    refused = again.post("/accounts/two-factor/recovery/", {"code": codes[0]})
    assert refused.status_code == 400 and "used already" in refused.content.decode()
    assert "_auth_user_id" not in again.session
    assert RecoveryCode.objects.filter(user=secretary.user, used_at__isnull=False).count() == 1


def test_recovery_codes_are_not_a_way_around_the_attempt_limit(client, secretary):
    _enrol(secretary.user)
    client.post("/accounts/login/", {"email": secretary.email,
                                     "password": "correct horse battery"})
    statuses = [client.post("/accounts/two-factor/recovery/", {"code": f"AAAAA-2222{n}"})
                .status_code for n in range(5)]
    assert statuses == [400, 400, 400, 400, 429]


def test_a_new_phone_needs_a_session_that_passed_the_second_factor(client, secretary):
    _, codes = _enrol(secretary.user)
    client.force_login(secretary.user)  # the password alone
    response = client.post("/accounts/two-factor/replace/", {"password": "correct horse battery"})
    assert response.status_code == 302 and "/accounts/two-factor/" in response["Location"]
    assert User.objects.get(pk=secretary.user.pk).has_second_factor
    client.post("/accounts/two-factor/recovery/", {"code": codes[1]})
    # A session that passed, but without the password typed again: refused.
    wrong = client.post("/accounts/two-factor/replace/", {"password": "a guess"})
    assert wrong.status_code == 400 and "not your password" in wrong.content.decode()
    assert User.objects.get(pk=secretary.user.pk).has_second_factor
    replaced = client.post("/accounts/two-factor/replace/",
                           {"password": "correct horse battery"})
    assert replaced.status_code == 303 and replaced["Location"] == "/accounts/two-factor/setup/"
    user = User.objects.get(pk=secretary.user.pk)
    assert not user.has_second_factor and not user.recovery_codes.exists()


@pytest.fixture
def treasurer(organisation):
    return _seat(organisation, _person(organisation, "Tre Asurer", "tre@example.org"),
                 "organising-group", "treasurer")


def _propose_reset(actor, organisation, target):
    return services.propose_sensitive_action(
        actor, organisation=organisation, kind="reset-second-factor",
        payload={"member": target.pk}, reason="Phone and codes lost; identity checked in person",
    )


def test_two_other_officers_reset_a_lost_second_factor(organisation, secretary, chair,
                                                       treasurer):
    _enrol(secretary.user)
    action = _propose_reset(chair, organisation, secretary)
    assert User.objects.get(pk=secretary.user.pk).has_second_factor  # nothing yet
    services.confirm_sensitive_action(treasurer, organisation=organisation, action_id=action.pk)
    user = User.objects.get(pk=secretary.user.pk)
    assert not user.has_second_factor and not user.recovery_codes.exists()
    action.refresh_from_db()
    assert action.status == SensitiveAction.Status.CONFIRMED
    proposed = LedgerEvent.objects.get(kind="sensitive.proposed")
    assert "reset the second factor of member" in proposed.data["summary"]


def test_one_officer_alone_cannot_reset_a_second_factor(organisation, secretary, chair):
    _enrol(secretary.user)
    _enrol(chair.user)
    # Not their own: an officer with a stolen password cannot switch off the factor they lack.
    with pytest.raises(PowerDenied, match="two other officers"):
        _propose_reset(secretary, organisation, secretary)
    # Not by confirming a proposal about themselves.
    action = _propose_reset(chair, organisation, secretary)
    with pytest.raises(PowerDenied, match="two other officers"):
        services.confirm_sensitive_action(secretary, organisation=organisation,
                                          action_id=action.pk)
    # Not by confirming their own proposal.
    with pytest.raises(PowerDenied, match="different officer"):
        services.confirm_sensitive_action(chair, organisation=organisation, action_id=action.pk)
    assert User.objects.get(pk=secretary.user.pk).has_second_factor
    assert SensitiveAction.objects.get(pk=action.pk).status == SensitiveAction.Status.PENDING


def test_a_member_without_office_cannot_propose_a_reset(organisation, secretary, member):
    _enrol(secretary.user)
    with pytest.raises(PowerDenied):
        _propose_reset(member, organisation, secretary)


def test_a_reset_of_someone_without_a_second_factor_is_refused(organisation, chair, member):
    with pytest.raises(InvalidInput, match="no second factor"):
        _propose_reset(chair, organisation, member)


def test_one_officer_cannot_reset_a_second_factor_directly(organisation, secretary, chair):
    _enrol(secretary.user)
    with pytest.raises(PowerDenied, match="two other officers"):
        services.reset_second_factor(chair, organisation=organisation, member=secretary)
    assert User.objects.get(pk=secretary.user.pk).has_second_factor
    # The refusal of an act of power is on the public record.
    assert LedgerEvent.objects.filter(kind="power.refused", actor=chair.name).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sessions_racing_with_one_code_one_wins(organisation, secretary, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite runs one writer at a time")
    totp, _ = _enrol(secretary.user)
    code = totp.now()
    real = services._use_code
    start = threading.Barrier(4)

    def slow(user, given):
        # Both have read the user under the lock's protection (or would have without it):
        # hold the transaction open so a missing lock would let every session through.
        accepted = real(user, given)
        threading.Event().wait(0.2)
        return accepted

    monkeypatch.setattr(services, "_use_code", slow)
    results: list[object] = [None] * 4

    def run(i):
        try:
            user = User.objects.get(pk=secretary.user.pk)
            start.wait()
            services.check_totp(user, code=code)
            results[i] = "in"
        except InvalidInput as error:
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("in") == 1, results
    assert all(isinstance(r, InvalidInput) for r in results if r != "in")
