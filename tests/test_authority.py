"""Authority on every act: every public service declares what it rests on, a refused act of
power is itself on the ledger, and the record says what each act rested on.

The services are found exactly as tests/test_actors.py finds them (it is imported, not copied),
so a new service module or function is held to both tests at once.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from openassembly.core import authority as registry
from openassembly.core.actors import System
from openassembly.core.authority import (
    ACTS,
    CHECKS,
    RECORDED,
    ROLES,
    Act,
    Authority,
    AuthorityRefused,
    Route,
    acts,
)
from openassembly.core.errors import PowerDenied
from openassembly.rules import examples
from openassembly.rules.loader import load_constitution

from .test_actors import ROOT, SERVICES


def _module(name: str) -> str:
    """"ballots/services/polls.py:cast_ballot" -> "openassembly.ballots.services.polls"."""
    path = name.split(":", 1)[0].removesuffix(".py").removesuffix("/__init__")
    return "openassembly." + path.replace("/", ".")


def _function(name: str):
    return getattr(importlib.import_module(_module(name)), name.split(":", 1)[1])


def _key(name: str) -> str:
    return f"{_module(name)}:{name.split(':', 1)[1]}"


@pytest.mark.parametrize("name,node", SERVICES, ids=[name for name, _ in SERVICES])
def test_every_public_service_declares_its_authority(name, node):
    function = _function(name)
    act = getattr(function, "authority", None)
    if _key(name) in CHECKS:
        assert act is None, f"{name} is declared both an act and a check"
        return
    assert isinstance(act, Act), (
        f"{name} declares no authority: put @acts(Route..., power=...) on it (core/authority.py)"
        ", or @changes_nothing if it is a check that changes nothing")
    assert act.service == _key(name), f"{name} carries another function's declaration"
    assert ACTS[act.service] is act


def _writes(node: ast.FunctionDef) -> list[str]:
    """What in ``node`` could change state: a model write, a ledger append, a status move, an
    attribute of an argument set, or a call of a declared act."""
    arguments = {a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs}
    named_acts = {key.rsplit(":", 1)[1] for key in ACTS}
    found = []
    for child in ast.walk(node):
        if isinstance(child, ast.Call):
            func = child.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in {"save", "create", "update", "delete", "bulk_create", "bulk_update",
                          "update_or_create", "get_or_create", "select_for_update",
                          "append_event", "move", "move_where"} | named_acts:
                found.append(f"calls {called}()")
        if isinstance(child, ast.Assign | ast.AugAssign):
            targets = child.targets if isinstance(child, ast.Assign) else [child.target]
            for target in targets:
                if (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                        and target.value.id in arguments):
                    found.append(f"sets {target.value.id}.{target.attr}")
    return found


def test_checks_that_rest_on_no_authority_change_nothing():
    checks = [(name, node) for name, node in SERVICES if _key(name) in CHECKS]
    assert checks, "no checks found: has discovery changed?"
    for name, node in checks:
        assert not _writes(node), f"{name} is declared to change nothing, but {_writes(node)}"


def test_the_write_finder_finds_writes():
    tree = ast.parse("def f(poll):\n    poll.status = 'x'\n    poll.save()\n"
                     "    append_event(o, kind='k', actor=None, data={})\n")
    assert _writes(tree.body[0]) == ["sets poll.status", "calls save()", "calls append_event()"]


def _declared() -> list[tuple[str, Act]]:
    from openassembly.core import authority_doc

    return [(act.service, act) for act in authority_doc.load_acts()]


def test_declared_routes_and_powers_are_real():
    powers = {p.name for p in load_constitution(examples.read("commonweal")).powers}
    declared = _declared()
    assert len(declared) > 80
    for service, act in declared:
        assert act.accepts, service
        assert all(isinstance(r, Route) for r in act.accepts), service
        assert len(set(act.accepts)) == len(act.accepts), f"{service} names a route twice"
        assert act.privileged == (set(act.accepts) != {Route.SELF}), service
        if Route.OFFICE in act.accepts:
            assert act.power, f"{service} is an officer's act but names no power"
        if act.power:
            assert act.power in powers | set(ROLES), f"{service}: no power '{act.power}'"
        if set(act.accepts) == {Route.SELF}:
            assert not act.power, f"{service}: a member for themselves needs no power"


def test_acts_resting_on_a_record_are_given_it():
    for service, act in _declared():
        module, name = service.split(":", 1)
        parameters = inspect.signature(getattr(importlib.import_module(module), name)).parameters
        # A nomination is made by the act that records it: the authorised nominator acts, and
        # the act checks they are the affiliate's (bodies' nominate_to_seat), so it is given
        # no earlier record. Every other recorded route is a record made before the act.
        recorded = set(act.accepts) & RECORDED - {Route.NOMINATION}
        if recorded and not set(act.accepts) - RECORDED:
            assert "authority" in parameters, (
                f"{service} rests only on {', '.join(sorted(recorded))} but takes no authority")
        if "authority" in parameters:
            assert recorded, f"{service} takes an authority but accepts no recorded route"


def test_the_registry_names_only_functions_that_exist():
    for service, act in _declared():
        module, name = service.split(":", 1)
        function = getattr(importlib.import_module(module), name, None)
        assert function is not None, f"{service} is declared but no longer exists"
        assert getattr(function, "authority", None) is act, service
    for check in CHECKS:
        module, name = check.split(":", 1)
        assert hasattr(importlib.import_module(module), name), f"{check} no longer exists"


def test_the_catalogue_loads_every_service_on_disk():
    """docs/authority.md lists what ``load_acts`` finds; it must find what is on disk."""
    on_disk = {_key(name) for name, _ in SERVICES}
    declared = {service for service, _ in _declared()} | CHECKS
    assert on_disk <= declared, on_disk - declared
    assert ROOT.name == "openassembly"


# --- refusals on the ledger ---


def _organisation():
    from openassembly.core.services import create_organisation

    return create_organisation(System("test founders"),
                               constitution_text=examples.read("commonweal"))


def _person(organisation, name: str, **fields):
    from openassembly.core import clock
    from openassembly.members.models import Member

    return Member.objects.create(organisation=organisation, name=name,
                                 email=f"{name.split()[0].lower()}@example.org",
                                 joined_on=clock.today() - timedelta(days=28), **fields)


def _officer(organisation, name: str, seat: str):
    from openassembly.bodies.models import SeatGroup
    from openassembly.bodies.services import seat_founder
    from openassembly.core import clock

    member = _person(organisation, name)
    seat_founder(System("test founders"), organisation=organisation,
                 seat_group=SeatGroup.objects.get(organisation=organisation,
                                                  body__key="organising-group", seat_key=seat),
                 member=member, starts_on=clock.today() - timedelta(days=1))
    return member


def _refusals(organisation):
    from openassembly.core.models import LedgerEvent

    return list(LedgerEvent.objects.filter(organisation=organisation, kind="power.refused")
                .order_by("pk"))


def test_a_refused_act_of_power_changes_nothing_and_is_on_the_ledger_once(db):
    from openassembly.core.models import LedgerEvent
    from openassembly.members.models import Member
    from openassembly.members.services import add_member

    organisation = _organisation()
    member = _person(organisation, "Ann Ordinary")
    before = (Member.objects.count(), LedgerEvent.objects.count())
    with pytest.raises(PowerDenied, match="manage-register"):
        add_member(member, organisation=organisation, name="Friend Of Ann",
                   email="friend@example.org")
    assert (Member.objects.count(), LedgerEvent.objects.count()) == (before[0], before[1] + 1)
    [refused] = _refusals(organisation)
    assert refused.actor == "Ann Ordinary"
    assert refused.data["act"] == "add member"
    assert (refused.data["power"], refused.data["rule"]) == ("manage-register", "2.2")
    assert "Rule 2.2" in refused.data["reason"]


def test_an_act_carried_out_through_another_is_refused_once(db):
    """A proposal to cancel a ballot goes through the two-person rule's own act: one attempt,
    one ledger event, named for what the person tried."""
    from openassembly.accounts.models import SensitiveAction
    from openassembly.ballots.services import create_referendum, propose_cancellation

    organisation = _organisation()
    secretary = _officer(organisation, "Sec Retary", "secretary")
    referendum = create_referendum(secretary, organisation=organisation, question="Leave?",
                                   proposal="We leave.")
    member = _person(organisation, "Ann Ordinary")
    with pytest.raises(PowerDenied, match="run-ballots"):
        propose_cancellation(member, poll=referendum.poll, reason="I dislike it")
    assert not SensitiveAction.objects.exists()
    [refused] = _refusals(organisation)
    assert (refused.data["act"], refused.data["power"], refused.data["rule"]) == (
        "propose cancellation", "run-ballots", "13.1")


def test_the_two_person_rule_refusal_is_recorded(db):
    from openassembly.accounts.models import SensitiveAction
    from openassembly.accounts.services import confirm_sensitive_action, propose_sensitive_action

    organisation = _organisation()
    secretary = _officer(organisation, "Sec Retary", "secretary")
    member = _person(organisation, "Ann Ordinary")
    action = propose_sensitive_action(secretary, organisation=organisation, kind="erase-member",
                                      payload={"member": member.pk}, reason="She asked us to.")
    with pytest.raises(PowerDenied, match="two-person rule"):
        confirm_sensitive_action(secretary, organisation=organisation, action_id=action.pk)
    action.refresh_from_db()
    member.refresh_from_db()
    assert action.status == SensitiveAction.Status.PENDING and member.erased_at is None
    [refused] = _refusals(organisation)
    assert (refused.actor, refused.data["act"], refused.data["power"]) == (
        "Sec Retary", "confirm sensitive action", "confirm-sensitive-action")


def test_a_member_refused_for_themselves_leaves_no_refusal(db):
    from openassembly.members.models import Member
    from openassembly.scenarios.models import ResultsSet
    from openassembly.scenarios.services import upload_results

    organisation = _organisation()
    lapsed = _person(organisation, "Lapsed Member", status=Member.Status.LAPSED)
    with pytest.raises(PowerDenied, match="Only active members"):
        upload_results(lapsed, organisation=organisation, name="GE", dataset="ge2024")
    assert not ResultsSet.objects.exists()
    assert _refusals(organisation) == []


def test_the_system_is_never_recorded_as_refused(db):
    from openassembly.ballots.services import create_referendum
    from openassembly.core.errors import InvalidInput

    organisation = _organisation()
    with pytest.raises((InvalidInput, AuthorityRefused)):
        create_referendum(System("someone"), organisation=organisation, question="Leave?",
                          proposal="")
    assert _refusals(organisation) == []


DONE: list[Authority] = []


@acts(Route.DECISION, power="manage-seats")
def seat_by_decision(actor, *, authority: Authority | None = None) -> None:
    """An act of this test's own that rests on a decision (the shipped ones are other
    helpers' work), to watch the decorator refuse it without one."""
    DONE.append(registry.require(authority, Route.DECISION, act="Seating a co-opted member",
                                 rule="5.4"))


def test_an_act_refused_for_want_of_its_record_is_recorded_with_the_rule(db):
    organisation = _organisation()
    member = _person(organisation, "Ann Ordinary")
    DONE.clear()
    with pytest.raises(AuthorityRefused, match="Rule 5.4: Seating a co-opted member needs"):
        seat_by_decision(member)
    with pytest.raises(AuthorityRefused):
        seat_by_decision(member, authority=registry.plain(Route.OFFICE, "by the chair"))
    assert DONE == []
    refusals = _refusals(organisation)
    assert [(r.data["act"], r.data["power"], r.data["rule"]) for r in refusals] == [
        ("seat by decision", "manage-seats", "5.4")] * 2
    assert "It was given an officer using a power" in refusals[1].data["reason"]


def test_the_ledger_page_says_what_an_act_rested_on(db):
    from django.db import transaction

    from openassembly.core.ledger import append_event

    organisation = _organisation()
    decision = Authority(route=Route.DECISION, reference="decision:7", rule="5.4",
                         text="by decision 7 of the Coordinating Group, carried 20-9-1")
    with transaction.atomic():
        event = append_event(organisation, kind="seat.vacated", actor="Sec Retary", data={
            "holder": "Old Hand", "body": "organising-group", "seat": "chair", "label": "",
            "ends_on": "2026-12-06", "reason": "removed"}, authority=decision)
    assert event.data["authority"] == {"route": "decision", "reference": "decision:7",
                                       "rule": "5.4", "text": decision.text}
    page = Client().get(reverse("record:ledger", kwargs={"org": organisation.slug}))
    assert page.status_code == 200
    assert ("<p class=\"sentence\">Old Hand left their seat as “Chair” on the Organising Group "
            f"on 6 December 2026: removed, {decision.text}.</p>") in page.content.decode()


def test_the_authority_catalogue_is_current():
    from openassembly.core import authority_doc

    path = authority_doc.doc_path()
    assert path.read_text(encoding="utf-8") == authority_doc.render(), (
        "docs/authority.md is out of date: run `openassembly authority-catalogue`")
    text = authority_doc.render()
    assert "| call meeting | `meetings.services.calling.call_meeting` |" in text
    assert "seat by decision" not in text  # a test's own act is not shipped


def test_the_catalogue_command_checks_and_writes(tmp_path):
    import io

    from django.core.management import CommandError, call_command

    from openassembly.core import authority_doc

    target = tmp_path / "authority.md"
    with pytest.raises(CommandError, match="out of date"):
        call_command("authority_catalogue", check=True, output=str(target),
                     stdout=io.StringIO())
    call_command("authority_catalogue", output=str(target), stdout=io.StringIO())
    assert target.read_text(encoding="utf-8") == authority_doc.render()
    call_command("authority_catalogue", check=True, output=str(target), stdout=io.StringIO())
