"""Admission by a body's decision (``route = "decision"``): only a standing decision of the kind
the admission rule names, carried by its majority and used once, decides an application. Every
other way a hostile officer might try is refused, with nothing changed and the refusal on the
ledger."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from django.core import mail

from openassembly.conftest import _seat
from openassembly.core import clock
from openassembly.core.actors import System
from openassembly.core.authority import Authority, AuthorityRefused, Route, plain, resolve
from openassembly.core.errors import InvalidInput, NotFound, PowerDenied
from openassembly.core.models import LedgerEvent
from openassembly.core.services import create_organisation
from openassembly.meetings.models import Decision
from openassembly.members.models import Member, StandingChange
from openassembly.members.services import create_appeal
from openassembly.members.services_admission import decide_application
from openassembly.members.tests.test_admission import sign_up
from openassembly.rules import examples

BLOCK = re.compile(r"\[admission\]\n(?:[a-z_]+ = .*\n)+")
# Rule 2.7 rewritten: the Organising Group admits, by two thirds, as its own kind of decision.
ADMISSION = """[admission]
rule = "2.7"
route = "decision"
decision = "admit-member"
qualifying_rule = "2.8"
qualifying_days = 28

[[decisions]]
key = "admit-member"
name = "Admission of a member"
body = "organising-group"
majority = { kind = "two-thirds", rule = "2.7" }
"""


def decision_text() -> str:
    return BLOCK.sub(ADMISSION, examples.read("commonweal"))


@pytest.fixture
def decision_route(organisation):
    # The founding text with rule 2.7 changed: as if the organisation were founded with it (no
    # amendment procedure is under test here).
    organisation.constitution_versions.update(text=decision_text())
    organisation.__dict__.pop("_constitution_cache", None)
    assert organisation.constitution.admission.route == "decision"
    return organisation


@pytest.fixture
def applicants(decision_route, secretary):
    appeal = create_appeal(secretary, organisation=decision_route, slug="join",
                           title="Join us", text="Sign here.")
    return sign_up(decision_route, appeal, 2)


def _decide(actor, organisation, applicant, authority, *, admit=True, reason=""):
    return decide_application(actor, organisation=organisation, member=applicant, admit=admit,
                              reason=reason, authority=authority)


def _unchanged(*applicants):
    for applicant in applicants:
        applicant.refresh_from_db()
        assert applicant.status == Member.Status.APPLICANT
        assert not StandingChange.objects.filter(member=applicant).exists()


def _refusals() -> list[str]:
    return list(LedgerEvent.objects.filter(kind="power.refused").order_by("pk")
                .values_list("data__reason", flat=True))


def test_a_carried_decision_of_the_named_kind_admits(decision_route, secretary, applicants,
                                                    og_decision, work):
    organisation = decision_route
    decision = og_decision("admit-member", 7, 1)
    applicant = applicants[0]
    # The number as the officer gives it on the form: resolved inside the act.
    change = _decide(secretary, organisation, applicant, decision.number)
    applicant.refresh_from_db()
    assert applicant.status == Member.Status.ACTIVE
    assert (change.cause, change.decision, change.rule) == ("admitted", decision.number, "2.7")
    event = LedgerEvent.objects.get(kind="member.standing_changed")
    assert event.data["authority"]["reference"] == f"decision:{decision.number}"
    assert event.data["decision"] == decision.number
    work()
    (told,) = [m for m in mail.outbox if m.to == [applicant.email]]
    assert "now a member" in told.subject
    assert f"decision {decision.number} of the Organising Group" in told.body


def test_a_decision_to_refuse_refuses_with_reasons(decision_route, secretary, applicants,
                                                  og_decision):
    organisation = decision_route
    decision = og_decision("admit-member", 7, 1)
    applicant = applicants[0]
    with pytest.raises(InvalidInput, match="give the reasons"):
        _decide(secretary, organisation, applicant, decision.number, admit=False)
    _unchanged(applicant)
    _decide(secretary, organisation, applicant, decision.number, admit=False,
            reason="The group found the applicant is a member of a rival party.")
    applicant.refresh_from_db()
    assert applicant.status == Member.Status.REFUSED
    assert StandingChange.objects.get(member=applicant).decision == decision.number


def test_a_decision_is_used_once(decision_route, secretary, applicants, og_decision):
    organisation = decision_route
    decision = og_decision("admit-member", 7, 1)
    first, second = applicants
    _decide(secretary, organisation, first, decision.number)
    for admit in (True, False):
        with pytest.raises(AuthorityRefused, match=rf"Rule 2\.7: decision {decision.number} "
                                                   "has been carried out already"):
            _decide(secretary, organisation, second, decision.number, admit=admit,
                    reason="Reused.")
    _unchanged(second)
    assert len(_refusals()) == 2


def test_a_lost_motion_makes_no_decision_to_rest_on(decision_route, secretary, applicants,
                                                   og_decision):
    organisation = decision_route
    # 5 of 8 is short of the two thirds the kind of decision needs: no decision is made.
    assert og_decision("admit-member", 5, 3) is None
    last = Decision.objects.filter(organisation=organisation).order_by("-number").first()
    number = (last.number if last else 0) + 1
    with pytest.raises(AuthorityRefused, match=f"no decision {number}"):
        _decide(secretary, organisation, applicants[0], number)
    _unchanged(*applicants)
    assert _refusals() == [f"There is no decision {number} in the decisions register."]


def test_a_void_decision_is_refused(decision_route, secretary, applicants, og_decision):
    organisation = decision_route
    decision = og_decision("admit-member", 7, 1)
    Decision.objects.filter(pk=decision.pk).update(status=Decision.Status.VOID)
    with pytest.raises(AuthorityRefused, match=f"Decision {decision.number} no longer stands"):
        _decide(secretary, organisation, applicants[0], decision.number)
    _unchanged(*applicants)


@pytest.mark.parametrize("kind", ["", "about-a-person"])
def test_a_decision_of_another_kind_of_the_same_body_is_refused(
        decision_route, secretary, applicants, og_decision, kind):
    organisation = decision_route
    decision = og_decision(kind, 7, 1)
    assert decision is not None
    with pytest.raises(AuthorityRefused, match=r"Rule 2\.7: only a decision of the Organising "
                                               r"Group moved as a admission of a member"):
        _decide(secretary, organisation, applicants[0], decision.number)
    _unchanged(*applicants)


def test_a_decision_of_another_body_is_refused(decision_route, secretary, applicants, seconded,
                                               vote):
    organisation = decision_route
    motion = seconded(title="Admit the applicant", text="The group admits Person 0.")
    assert vote(motion, 12, 2, 1).carried
    decision = Decision.objects.get(motion=motion)
    assert decision.decided_by.key == "coordinating-group"
    with pytest.raises(AuthorityRefused, match="only a decision of the Organising Group"):
        _decide(secretary, organisation, applicants[0], decision.number)
    _unchanged(*applicants)


def test_an_officer_alone_is_refused(decision_route, secretary, applicants):
    organisation = decision_route
    with pytest.raises(AuthorityRefused, match=r"Rule 2\.7: To admit an applicant needs a "
                                               r"recorded decision") as caught:
        _decide(secretary, organisation, applicants[0], None)
    assert caught.value.field == "decision"
    with pytest.raises(AuthorityRefused, match="It was given an officer"):
        _decide(secretary, organisation, applicants[0],
                plain(Route.OFFICE, "by the Secretary"))
    for junk in ("seven", "", -1):
        with pytest.raises(AuthorityRefused):
            _decide(secretary, organisation, applicants[0], junk)
    _unchanged(*applicants)


def test_a_forged_authority_is_checked_against_the_register(decision_route, secretary,
                                                           applicants, og_decision):
    organisation = decision_route
    ordinary = og_decision("", 7, 1)
    # What a resolver would never return, made by hand as a hostile caller might: the facts
    # of the kind the rule names, on the number of an ordinary decision.
    forged = Authority(route=Route.DECISION, text=f"by decision {ordinary.number}",
                       reference=f"decision:{ordinary.number}",
                       facts={"decision": ordinary.number, "decision_id": ordinary.pk,
                              "body": "organising-group", "decision_key": "admit-member",
                              "majority_kind": "two-thirds"})
    with pytest.raises(AuthorityRefused, match="only a decision of the Organising Group moved"):
        _decide(secretary, organisation, applicants[0], forged)
    # A number that is no decision at all, with facts that would pass.
    with pytest.raises(AuthorityRefused, match="no decision 999"):
        _decide(secretary, organisation, applicants[0],
                replace(forged, reference="decision:999",
                        facts={**forged.facts, "decision": 999, "decision_id": None}))
    # Passing facts pointing at a real decision, with no number or another record's: the
    # number the act reads again is the reference's, and only a decision's.
    for reference in ("", f"election:{ordinary.number}"):
        with pytest.raises(AuthorityRefused, match="named by its number"):
            _decide(secretary, organisation, applicants[0], replace(forged, reference=reference))
    _unchanged(*applicants)


def test_another_organisations_decision_is_refused(decision_route, secretary, applicants,
                                                  og_decision):
    organisation = decision_route
    decision = og_decision("admit-member", 7, 1)
    other = create_organisation(System("test founders"), constitution_text=decision_text()
                                .replace('slug = "commonweal"', 'slug = "elsewhere"'))
    stolen = resolve(organisation, Route.DECISION, decision.number)
    # The other organisation's secretary, seated there by its founders, and its own applicant.
    other_secretary = Member.objects.create(organisation=other, name="Far Secretary",
                                            email="farsec@example.org",
                                            joined_on=secretary.joined_on)
    _seat(other, other_secretary, "organising-group", "secretary")
    stranger = Member.objects.create(organisation=other, name="Far Applicant",
                                     email="far@example.org", joined_on=clock.today(),
                                     status=Member.Status.APPLICANT)
    # Their own applicant admitted by this organisation's decision (resolved here, or by its
    # number, which names no decision there).
    for authority in (stolen, decision.number):
        with pytest.raises(AuthorityRefused, match=f"no decision {decision.number}"):
            decide_application(other_secretary, organisation=other, member=stranger,
                               admit=True, authority=authority)
    # This organisation's secretary acting in the other, and the other's secretary here.
    with pytest.raises(PowerDenied):
        decide_application(secretary, organisation=other, member=stranger, admit=True,
                           authority=stolen)
    with pytest.raises(PowerDenied):
        decide_application(other_secretary, organisation=organisation, member=applicants[0],
                           admit=True, authority=decision.number)
    # An applicant of another organisation cannot be reached through this one.
    with pytest.raises(NotFound):
        decide_application(secretary, organisation=organisation, member=stranger,
                           admit=True, authority=decision.number)
    _unchanged(stranger, *applicants)


def test_a_member_or_an_officer_without_the_register_power_is_refused(
        decision_route, applicants, make_person, og_decision):
    organisation = decision_route
    decision = og_decision("admit-member", 7, 1)
    treasurer = make_person("Trea Surer", "treasurer@example.org")
    _seat(organisation, treasurer, "organising-group", "treasurer")
    plain_member = make_person("Plain Member", "plain@example.org")
    # An officer, a member and an applicant holding a carried decision: none may record it.
    for actor in (treasurer, plain_member, applicants[1]):
        with pytest.raises(PowerDenied, match="manage-register"):
            _decide(actor, organisation, applicants[0], decision.number)
    _unchanged(*applicants)
    # The decision is not spent by the refused attempts.
    assert not StandingChange.objects.filter(decision=decision.number).exists()


def test_the_officers_page_takes_the_decisions_number(decision_route, officer_client,
                                                     applicants, og_decision):
    organisation = decision_route
    url = f"/o/{organisation.slug}/officers/applications/"
    page = officer_client.get(url).content.decode()
    assert "Decision number in the decisions register" in page
    applicant = applicants[0]
    refused = officer_client.post(url, {"applicant": applicant.pk, "outcome": "admit"})
    assert refused.status_code == 403 and "needs a recorded decision" in refused.content.decode()
    _unchanged(applicant)
    decision = og_decision("admit-member", 7, 1)
    done = officer_client.post(url, {"applicant": applicant.pk, "outcome": "admit",
                                     "decision": decision.number})
    assert done.status_code == 303
    applicant.refresh_from_db()
    assert applicant.status == Member.Status.ACTIVE
