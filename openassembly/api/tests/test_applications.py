"""Applications to join through the JSON API: the officer with the power lists and decides
them through the same service as the page; everyone else is refused in JSON with a status the
schema declares, and nothing changes."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from openassembly.accounts import services_tokens as tokens
from openassembly.accounts.middleware import mark_second_factor_passed
from openassembly.api.api import api
from openassembly.api.tests.test_schema import _operation
from openassembly.core import clock
from openassembly.core.actors import System
from openassembly.core.models import LedgerEvent
from openassembly.core.services import create_organisation
from openassembly.meetings.tests.conftest import og_members  # noqa: F401  (fixture)
from openassembly.members.models import Member, StandingChange
from openassembly.members.services import create_appeal
from openassembly.members.tests.conftest import og_decision  # noqa: F401  (fixture)
from openassembly.members.tests.test_admission import sign_up
from openassembly.members.tests.test_admission_decision import decision_text
from openassembly.rules import examples

LIST = "/api/o/commonweal/applications"


@pytest.fixture(scope="module")
def schema() -> dict:
    return api.get_openapi_schema()


@pytest.fixture
def applicant(organisation, secretary):
    appeal = create_appeal(secretary, organisation=organisation, slug="join", title="Join us",
                           text="Sign here.")
    return sign_up(organisation, appeal)[0]


def _client(person=None, *, second_factor=True) -> Client:
    client = Client(enforce_csrf_checks=person is None)
    if person is not None:
        client.force_login(person.user)
        if second_factor:
            session = client.session
            mark_second_factor_passed(session)
            session.save()
    return client


def _post(client, url, body, **extra):
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


def _declared(schema, response, method, url, expected):
    assert response.status_code == expected, (method, url, response.content)
    declared = {int(code) for code in _operation(schema, method, url)["responses"]}
    assert response.status_code in declared, (method, url, response.status_code)
    assert response["Content-Type"].startswith("application/json"), (method, url)
    return response.json()


def _unchanged(applicant):
    applicant.refresh_from_db()
    assert applicant.status == Member.Status.APPLICANT
    assert not StandingChange.objects.filter(member=applicant).exists()


def test_the_officer_lists_and_admits(schema, organisation, secretary, applicant):
    client = _client(secretary)
    body = _declared(schema, client.get(LIST), "get", LIST, 200)
    assert (body["rule"], body["route"], body["needs_decision"]) == ("2.7", "officer", False)
    assert [a["id"] for a in body["applications"]] == [applicant.pk]
    assert body["applications"][0]["email"] == applicant.email
    url = f"{LIST}/{applicant.pk}"
    done = _declared(schema, _post(client, url, {"outcome": "admit"}), "post", url, 200)
    assert done == {"id": applicant.pk, "name": applicant.name, "status": "active",
                    "joined_on": clock.today().isoformat(), "rule": "2.7", "decision": None}
    applicant.refresh_from_db()
    assert applicant.status == Member.Status.ACTIVE
    assert StandingChange.objects.get(member=applicant).recorded_by == secretary
    assert _declared(schema, client.get(LIST), "get", LIST, 200)["applications"] == []
    # Decided already: no longer an application.
    again = _declared(schema, _post(client, url, {"outcome": "refuse", "reason": "Late."}),
                      "post", url, 404)
    assert "not awaiting a decision" in again["detail"]


def test_refusing_needs_reasons(schema, organisation, chair, applicant):
    client = _client(chair)
    url = f"{LIST}/{applicant.pk}"
    body = _declared(schema, _post(client, url, {"outcome": "refuse"}), "post", url, 400)
    assert "give the reasons" in body["detail"]
    _unchanged(applicant)
    done = _declared(schema, _post(client, url, {"outcome": "refuse",
                                                 "reason": "A company's address."}),
                     "post", url, 200)
    assert (done["status"], done["joined_on"]) == ("refused", None)


def test_a_plain_member_and_an_officer_without_the_power_are_refused(
        schema, organisation, member, make_person, seat_on, applicant):
    treasurer = seat_on(make_person("Trea Surer", "treasurer@example.org"), "organising-group",
                        "treasurer")
    url = f"{LIST}/{applicant.pk}"
    for person in (member, treasurer):
        client = _client(person)
        body = _declared(schema, client.get(LIST), "get", LIST, 403)
        assert "admit-members" in body["detail"] or "Secretary" in body["detail"]
        assert applicant.email not in json.dumps(body)
        _declared(schema, _post(client, url, {"outcome": "admit"}), "post", url, 403)
    _unchanged(applicant)
    # Refused at the door, as the page is, before the application is looked up: a member
    # without the power cannot learn which ids are applications from a 404.
    assert _post(_client(member), f"{LIST}/999999", {"outcome": "admit"}).status_code == 403
    assert not LedgerEvent.objects.filter(kind="member.standing_changed").exists()


def test_another_organisations_officer_is_refused(schema, organisation, applicant):
    from openassembly.accounts.models import User
    from openassembly.bodies.models import SeatGroup
    from openassembly.bodies.services import seat_founder

    text = examples.read("commonweal").replace('slug = "commonweal"', 'slug = "elsewhere"')
    other = create_organisation(System("tests"), constitution_text=text)
    officer = Member.objects.create(
        organisation=other, user=User.objects.create_user("far@example.org", "long password"),
        name="Far Secretary", email="far@example.org", joined_on=applicant.joined_on)
    seat_founder(System("tests"), organisation=other,
                 seat_group=SeatGroup.objects.get(organisation=other, body__key="organising-group",
                                                  seat_key="secretary"),
                 member=officer, starts_on=clock.today())
    client = _client(officer)
    body = _declared(schema, client.get(LIST), "get", LIST, 403)
    assert applicant.email not in json.dumps(body)
    url = f"{LIST}/{applicant.pk}"
    _declared(schema, _post(client, url, {"outcome": "admit"}), "post", url, 403)
    # Through their own organisation's URL, this organisation's applicant is not found.
    elsewhere = f"/api/o/elsewhere/applications/{applicant.pk}"
    _declared(schema, _post(client, elsewhere, {"outcome": "admit"}), "post", elsewhere, 404)
    _unchanged(applicant)


def test_anonymous_a_token_and_an_officer_without_the_second_factor_are_refused(
        schema, organisation, secretary, applicant):
    url = f"{LIST}/{applicant.pk}"
    anonymous = _client()
    _declared(schema, anonymous.get(LIST), "get", LIST, 401)
    _declared(schema, _post(anonymous, url, {"outcome": "admit"}), "post", url, 401)
    # The officer's own token (even one that may vote) carries no officer's power.
    _, token = tokens.create_token(secretary, name="Script", scopes=["read", "vote"])
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    _declared(schema, anonymous.get(LIST, **bearer), "get", LIST, 401)
    _declared(schema, _post(anonymous, url, {"outcome": "admit"}, **bearer), "post", url, 401)
    unverified = _client(secretary, second_factor=False)
    body = _declared(schema, unverified.get(LIST), "get", LIST, 403)
    assert "second factor" in body["detail"]
    _declared(schema, _post(unverified, url, {"outcome": "admit"}), "post", url, 403)
    # A signed-in officer's request without the CSRF token is refused too.
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(secretary.user)
    session = forged.session
    mark_second_factor_passed(session)
    session.save()
    _declared(schema, _post(forged, url, {"outcome": "admit"}), "post", url, 403)
    _unchanged(applicant)


def test_bad_input_is_refused_in_json(schema, organisation, secretary, applicant):
    client = _client(secretary)
    url = f"{LIST}/{applicant.pk}"
    for body in ({"outcome": "maybe"}, {}, {"outcome": "admit", "decision": 0},
                 {"outcome": "refuse", "reason": "x" * 2001}, {"outcome": ["admit"]}):
        _declared(schema, _post(client, url, body), "post", url, 422)
    response = client.post(url, "{not json", content_type="application/json")
    assert response.status_code in (400, 422) and response.json()["detail"]
    for path in (f"{LIST}/{2**70}", f"{LIST}/0", f"{LIST}/-3", f"{LIST}/999999"):
        response = _post(client, path, {"outcome": "admit"})
        assert response.status_code in (404, 422), (path, response.status_code)
        assert response["Content-Type"].startswith("application/json")
    _declared(schema, _post(client, f"{LIST}/{secretary.pk}", {"outcome": "admit"}),
              "post", f"{LIST}/{secretary.pk}", 404)
    _declared(schema, _post(client, "/api/o/nowhere/applications/1", {"outcome": "admit"}),
              "post", "/api/o/nowhere/applications/1", 404)
    _unchanged(applicant)


@pytest.fixture
def decision_route(organisation):
    organisation.constitution_versions.update(text=decision_text())
    organisation.__dict__.pop("_constitution_cache", None)
    return organisation


def test_under_the_decision_route_the_number_is_needed_and_checked(
        schema, decision_route, secretary, applicant, og_decision):  # noqa: F811
    client = _client(secretary)
    body = _declared(schema, client.get(LIST), "get", LIST, 200)
    assert (body["route"], body["needs_decision"]) == ("decision", True)
    url = f"{LIST}/{applicant.pk}"
    refused = _declared(schema, _post(client, url, {"outcome": "admit"}), "post", url, 403)
    assert "needs a recorded decision" in refused["detail"]
    refused = _declared(schema, _post(client, url, {"outcome": "admit", "decision": 999}),
                        "post", url, 403)
    assert "no decision 999" in refused["detail"]
    _unchanged(applicant)
    decision = og_decision("admit-member", 7, 1)
    done = _declared(schema, _post(client, url, {"outcome": "admit",
                                                 "decision": decision.number}),
                     "post", url, 200)
    assert (done["status"], done["decision"]) == ("active", decision.number)
