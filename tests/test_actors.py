"""One actor value: a service takes the actor first, as a Member or an Actor, never a string
or a member-and-system pair; the system acts under a name the record shows."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import openassembly
from openassembly.core.actors import System, member_or_none

ROOT = Path(openassembly.__file__).parent


def _service_functions():
    for path in sorted(ROOT.glob("*/services*.py")) + sorted(ROOT.glob("*/services/*.py")):
        if path.name.startswith("_"):  # shared checks (_common.py), not services
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                yield f"{path.relative_to(ROOT)}:{node.name}", node


SERVICES = list(_service_functions())


def test_services_are_found():
    assert len(SERVICES) > 80


@pytest.mark.parametrize("name,node", SERVICES, ids=[name for name, _ in SERVICES])
def test_no_service_takes_a_string_actor_or_a_system_beside_a_member(name, node):
    arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
    names = [a.arg for a in arguments]
    assert not {"system", "by", "adopted_by"} & set(names), name
    for argument in arguments:
        if argument.arg == "actor":
            assert argument is (node.args.posonlyargs + node.args.args)[0], name
            assert ast.unparse(argument.annotation) in {"Actor", "Member"}, name


def test_a_system_actor_has_a_name_and_is_no_member():
    timetable = System("the timetable")
    assert timetable.name == "the timetable" and not timetable.is_member
    assert member_or_none(timetable) is None
    with pytest.raises(ValueError):
        System("  ")


def test_a_member_is_an_actor(db):
    from openassembly.members.models import Member

    member = Member(name="Ann")
    assert member.is_member and member_or_none(member) is member


def test_the_system_drafts_a_members_ballot_only_for_a_petition(db):
    from openassembly.ballots.services import create_referendum
    from openassembly.ballots.services.petition_ballots import draft_petition_ballot
    from openassembly.core.actors import System
    from openassembly.core.authority import AuthorityRefused
    from openassembly.core.services import create_organisation
    from openassembly.rules import examples

    organisation = create_organisation(System("tests"),
                                       constitution_text=examples.read("commonweal"))
    with pytest.raises(AuthorityRefused, match="successful petition"):
        create_referendum(System("someone"), organisation=organisation, question="Leave?",
                          proposal="")
    # And the petition's own route needs a petition that reached its threshold.
    with pytest.raises(AuthorityRefused, match="needs a petition that reached its threshold"):
        draft_petition_ballot(System("someone"), authority=None)
