"""Admission (rule 2.7 of the demo): a confirmed sign-up is an applicant, admitted only by the
constitution's route; everyone else who tries is refused, with nothing changed."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

import pytest
from django.core import mail

from openassembly.core import clock
from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.core.models import LedgerEvent
from openassembly.mail.models import Notice
from openassembly.members import eligibility
from openassembly.members.models import Appeal, Member, Signup, StandingChange
from openassembly.members.selectors import token_hash
from openassembly.members.services import confirm_signup, create_appeal
from openassembly.members.services_admission import decide_application
from openassembly.members.services_dues import record_dues_payment
from openassembly.rules import examples

BLOCK = re.compile(r"\[admission\]\n(?:[a-z_]+ = .*\n)+")


def sign_up(organisation, appeal: Appeal, n: int = 1, *, prefix: str = "new") -> list[Member]:
    """What a script does: sign the appeal and follow each confirmation link."""
    made = []
    for i in range(n):
        token = secrets.token_urlsafe(16)
        Signup.objects.create(organisation=organisation, appeal=appeal, name=f"Person {i}",
                              email=f"{prefix}{i}@example.org", token_hash=token_hash(token),
                              created_at=clock.now())
        made.append(confirm_signup(organisation=organisation, token=token,
                                   password="a long new password"))
    return made


@pytest.fixture
def appeal(organisation, secretary):
    return create_appeal(secretary, organisation=organisation, slug="join", title="Join us",
                         text="Sign here.")


@pytest.fixture
def applicant(organisation, appeal):
    return sign_up(organisation, appeal)[0]


def test_a_confirmed_sign_up_is_an_applicant_on_no_roll(organisation, applicant):
    assert applicant.status == Member.Status.APPLICANT
    event = LedgerEvent.objects.get(kind="member.applied")
    assert event.data["member"] == applicant.pk and event.data["via"] == "appeal:join"
    assert not LedgerEvent.objects.filter(kind="member.joined", data__member=applicant.pk)
    for act in ("vote", "stand", "sign"):
        assert not eligibility.qualified(organisation, act, clock.today() + timedelta(days=999)
                                         ).filter(pk=applicant.pk).exists()
    with pytest.raises(InvalidInput, match="application to join has not been decided"):
        eligibility.require(applicant, "sign", clock.today())


def test_the_secretary_admits_and_the_period_runs_from_admission(organisation, secretary,
                                                                  applicant, work):
    later = clock.now() + timedelta(days=10)
    with clock.frozen_at(later):
        change = decide_application(secretary, organisation=organisation, member=applicant,
                                    admit=True)
    applicant.refresh_from_db()
    assert applicant.status == Member.Status.ACTIVE
    assert applicant.joined_on == later.date()
    assert (change.cause, change.rule, change.recorded_by) == ("admitted", "2.7", secretary)
    event = LedgerEvent.objects.get(kind="member.standing_changed")
    assert (event.data["change"], event.data["rule"]) == ("admitted", "2.7")
    assert applicant.email not in str(event.data)
    # 28 days from the admission day, not from the sign-up.
    first = later.date() + timedelta(days=28)
    assert not eligibility.may(applicant, "vote", first - timedelta(days=1))
    assert eligibility.may(applicant, "vote", first)
    with pytest.raises(PowerDenied, match=f"from {first:%-d %B %Y}"):
        eligibility.require(applicant, "sign", first - timedelta(days=1))
    work()
    told = [m for m in mail.outbox if m.to == [applicant.email]]
    assert len(told) == 1 and "now a member" in told[0].subject
    assert f"vote from {first:%-d %B %Y}" in told[0].body


def test_an_officer_without_the_power_cannot_admit(organisation, applicant, make_person,
                                                   treasurer):
    member = make_person("Plain Member", "plain@example.org")
    for actor in (treasurer, member, applicant):
        with pytest.raises(PowerDenied, match="admit-members"):
            decide_application(actor, organisation=organisation, member=applicant, admit=True)
    applicant.refresh_from_db()
    assert applicant.status == Member.Status.APPLICANT
    assert not StandingChange.objects.filter(member=applicant).exists()
    refused = LedgerEvent.objects.filter(kind="power.refused")
    assert refused.count() == 3 and {e.data["power"] for e in refused} == {"admit-members"}


def test_refusing_needs_reasons_and_tells_the_applicant(organisation, chair, applicant, work):
    with pytest.raises(InvalidInput, match="give the reasons"):
        decide_application(chair, organisation=organisation, member=applicant, admit=False)
    decide_application(chair, organisation=organisation, member=applicant, admit=False,
                       reason="The address given is a company's, not a person's.")
    applicant.refresh_from_db()
    assert applicant.status == Member.Status.REFUSED
    with pytest.raises(Conflict, match="not awaiting admission"):
        decide_application(chair, organisation=organisation, member=applicant, admit=True)
    assert Notice.objects.get(member=applicant).kind == "admission"
    work()
    (told,) = [m for m in mail.outbox if m.to == [applicant.email]]
    assert "refused" in told.subject and "company's" in told.body
    assert "company's" not in str(LedgerEvent.objects.get(kind="member.standing_changed").data)


def test_a_member_already_admitted_cannot_be_admitted_again(organisation, secretary, member):
    with pytest.raises(Conflict, match="not awaiting admission"):
        decide_application(secretary, organisation=organisation, member=member, admit=True)


def test_dues_are_not_taken_from_an_applicant_under_the_officer_route(
        organisation, secretary, applicant):
    with pytest.raises(Conflict, match="not a member yet"):
        record_dues_payment(secretary, organisation=organisation, member=applicant,
                            amount_pence=1200, paid_on=clock.today())


@pytest.fixture
def dues_route(organisation):
    text = BLOCK.sub('[admission]\nrule = "2.7"\nroute = "dues"\nqualifying_rule = "2.8"\n'
                     'qualifying_days = 28\n', examples.read("commonweal"))
    # The founding text, with the admission rule changed: as if the organisation were founded
    # with it (no amendment procedure is under test here).
    organisation.constitution_versions.update(text=text)
    organisation.__dict__.pop("_constitution_cache", None)
    assert organisation.constitution.admission.route == "dues"
    return organisation


def test_under_the_dues_route_the_first_payment_admits(dues_route, secretary, appeal):
    organisation = dues_route
    (applicant,) = sign_up(organisation, appeal, prefix="payer")
    with pytest.raises(Conflict, match="paying their first dues"):
        decide_application(secretary, organisation=organisation, member=applicant, admit=True)
    record_dues_payment(secretary, organisation=organisation, member=applicant,
                        amount_pence=1200, paid_on=clock.today())
    applicant.refresh_from_db()
    assert applicant.status == Member.Status.ACTIVE and applicant.joined_on == clock.today()
    assert StandingChange.objects.get(member=applicant).cause == "admitted"


def test_the_officers_page_decides_and_the_applicant_sees_where_they_stand(
        officer_client, organisation, applicant, member):
    from django.test import Client

    own = Client()
    own.force_login(applicant.user)
    page = own.get(f"/o/{organisation.slug}/me/").content.decode()
    assert "awaits a decision" in page and "Secretary of the Organising Group" in page
    assert "applicant awaiting admission" in page
    # A member without the power is refused the page; nothing they post changes anything.
    client = Client()
    client.force_login(member.user)
    url = f"/o/{organisation.slug}/officers/applications/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"applicant": applicant.pk, "outcome": "admit"}).status_code == 403
    page = officer_client.get(url).content.decode()
    assert applicant.name in page and "Rule 2.7 (Admission)" in page
    refused = officer_client.post(url, {"applicant": applicant.pk, "outcome": "refuse"})
    assert refused.status_code == 400 and "give the reasons" in refused.content.decode()
    done = officer_client.post(url, {"applicant": applicant.pk, "outcome": "admit"})
    assert done.status_code == 303
    applicant.refresh_from_db()
    assert applicant.status == Member.Status.ACTIVE
    page = own.get(f"/o/{organisation.slug}/me/").content.decode()
    first = clock.today() + timedelta(days=28)
    assert f"you can vote from {first:%-d %B %Y}" in page
