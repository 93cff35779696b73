"""The catalogue of ledger event kinds: every kind readable, every append checked, the docs
generated from it, old events still shown and still verifying."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from openassembly.core import events, events_doc
from openassembly.core.event_text import describe, fallback, sentence
from openassembly.core.ledger import append_event, commitment, seal_checkpoint, verify_organisation
from openassembly.core.models import LedgerEvent

ROOT = Path(__file__).resolve().parents[2]  # the openassembly package
ALL = events.kinds()


def test_every_app_that_writes_events_declares_them():
    owners = {k.owner for k in ALL}
    assert owners >= {"core", "members", "bodies", "meetings", "ballots", "accounts",
                      "scenarios"}
    assert len(ALL) >= 74


@pytest.mark.parametrize("spec", ALL, ids=lambda k: k.kind)
def test_every_kind_says_its_example_as_a_sentence(spec):
    text = events_doc.example_sentence(spec)
    assert text != fallback(spec.kind, events_doc.EXAMPLE_ACTOR), f"{spec.kind} has no sentence"
    assert text[0].isupper() and text.endswith(".")
    # No Python showing through: a dict, a list, None, a bare field name or a format slot.
    for leak in ("{", "}", "[", "]", "None", "True", "False", "'s's", "_"):
        assert leak not in text, f"{spec.kind}: {leak!r} in {text!r}"


@pytest.mark.parametrize("spec", ALL, ids=lambda k: k.kind)
def test_every_kind_says_a_sentence_without_its_optional_fields(spec):
    bare = {k: v for k, v in spec.example.items() if not spec.fields[k].optional}
    assert not spec.problems(bare)
    text = sentence(spec.kind, "Morwen Ashby", bare)
    assert text != fallback(spec.kind, "Morwen Ashby"), f"{spec.kind} needs its optional fields"


@pytest.mark.parametrize("spec", ALL, ids=lambda k: k.kind)
def test_every_kind_and_field_has_a_meaning(spec):
    assert spec.label and spec.meaning and spec.fields
    for key, field in spec.fields.items():
        assert field.meaning.strip(), f"{spec.kind}.{key} has no meaning"
        assert not (field.commitment and field.names)
    # The example is the data a writer gives, so it passes the check append_event makes.
    assert events.check(spec.kind, spec.example) is spec


def test_a_system_event_reads_as_the_system():
    spec = events.get("meeting.opened")
    assert sentence(spec.kind, None, spec.example).startswith("The system opened")


def test_names_come_from_one_lookup_per_kind_of_thing_and_fall_back_when_missing():
    spec = events.get("meeting.opened")
    assert sentence(spec.kind, "Ann", {"meeting": 999}) == "Ann opened meeting 999."
    named = sentence(spec.kind, "Ann", {"meeting": 999}, {("meeting", 999): "Spring meeting"})
    assert named == "Ann opened “Spring meeting”."


def test_commitments_are_never_looked_up():
    wanted = events.names_wanted([
        ("member.joined", {"member": 4, "via": "register", "region": None, "details": "c1:ab"}),
        ("poll.opened", events.get("poll.opened").example),
    ])
    assert all(not str(v).startswith("c1:") for values in wanted.values() for v in values)
    assert "member" not in wanted  # member numbers are never turned back into names


def test_append_refuses_an_unknown_kind(organisation):
    before = LedgerEvent.objects.count()
    with pytest.raises(events.UnknownEventKind, match="made.up"):
        append_event(organisation, kind="made.up", actor="x", data={})
    assert LedgerEvent.objects.count() == before


@pytest.mark.parametrize(
    "data, why",
    [
        ({}, "missing meeting"),
        ({"meeting": 1, "extra": 2}, "undeclared extra"),
        ({"meeting": 1, "title": "x"}, "undeclared title"),
    ],
)
def test_append_refuses_data_whose_keys_are_not_the_declared_fields(organisation, data, why):
    with pytest.raises(events.EventFieldsMismatch, match=why):
        append_event(organisation, kind="meeting.opened", actor="x", data=data)


def test_append_refuses_plain_data_where_a_commitment_is_declared(organisation):
    data = {"member": 4, "details": "ann@example.org"}
    with pytest.raises(events.EventFieldsMismatch, match="details must be a salted commitment"):
        append_event(organisation, kind="member.details_changed", actor="x", data=data)
    made = commitment(organisation, subject="member:4", value={"email": "ann@example.org"})
    append_event(organisation, kind="member.details_changed", actor="x",
                 data={"member": 4, "details": made})


def test_catalogue_errors_are_not_refusals_a_view_would_show_politely():
    from openassembly.core.errors import ServiceError

    assert not issubclass(events.EventCatalogueError, ServiceError)


def test_a_kind_cannot_be_declared_twice():
    spec = events.get("meeting.opened")
    events.register(spec.owner, spec)  # the same declaration again (ready() run twice) is fine
    clash = events.EventKind(kind=spec.kind, label="x", meaning="x", fields=spec.fields,
                             sentence=spec.sentence, example=spec.example)
    with pytest.raises(events.EventCatalogueError, match="declared by meetings"):
        events.register("ballots", clash)
    assert events.get("meeting.opened") is spec


def test_a_declaration_whose_example_does_not_match_its_fields_is_refused():
    bad = events.EventKind(kind="test.bad", label="x", meaning="x",
                           fields={"a": events.data("a")}, sentence=lambda e: "x",
                           example={"b": 1})
    with pytest.raises(events.EventCatalogueError, match="example does not match"):
        events.register("tests", bad)
    assert events.get("test.bad") is None


def test_events_written_before_the_catalogue_still_show_and_verify(organisation):
    at = organisation.created_at
    old = [
        # Data from before a field existed: the plain fallback, with the kind's label.
        LedgerEvent.objects.create(organisation=organisation, kind="meeting.called", at=at,
                                   actor="Ann Old", data={"meeting": 1}, hash=""),
        # A kind no version declares any more.
        LedgerEvent.objects.create(organisation=organisation, kind="member.noted", at=at,
                                   actor=None, data={"details": "c1:00"}, hash=""),
        # Data the sentence can read, though written without the check.
        LedgerEvent.objects.create(organisation=organisation, kind="meeting.opened", at=at,
                                   actor="Ann Old", data={"meeting": 77}, hash=""),
    ]
    lines = describe(organisation, old)
    assert lines[0].sentence == "Meeting called, recorded by Ann Old." and lines[0].known
    assert lines[1].sentence == "An event of kind “member.noted”, recorded by the system."
    assert not lines[1].known and lines[1].label == "member.noted"
    assert lines[2].sentence == "Ann Old opened meeting 77."
    seal_checkpoint(organisation)
    report = verify_organisation(organisation)
    assert report.ok, report.first_broken


def test_docs_page_is_generated_from_the_catalogue():
    path = events_doc.doc_path()
    assert path.read_text(encoding="utf-8") == events_doc.render(), (
        "docs/ledger-events.md is out of date: run `openassembly ledger-catalogue`")
    for spec in ALL:
        assert f"### {spec.kind}\n" in events_doc.render()
    assert "(ledger-events.md)" in (path.parent / "ledger.md").read_text(encoding="utf-8")


def test_catalogue_command_checks_and_writes(tmp_path):
    target = tmp_path / "events.md"
    with pytest.raises(CommandError, match="out of date"):
        call_command("ledger_catalogue", check=True, output=str(target), stdout=io.StringIO())
    call_command("ledger_catalogue", output=str(target), stdout=io.StringIO())
    assert target.read_text(encoding="utf-8") == events_doc.render()
    call_command("ledger_catalogue", check=True, output=str(target), stdout=io.StringIO())


def _appends() -> list[tuple[Path, int, ast.expr | None]]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and (
                getattr(node.func, "id", None) == "append_event"
                or getattr(node.func, "attr", None) == "append_event"
            ):
                kind = next((k.value for k in node.keywords if k.arg == "kind"), None)
                found.append((path, node.lineno, kind))
    return found


def test_every_append_in_the_source_names_a_declared_kind():
    appends = _appends()
    assert len(appends) >= 74
    wrong = [
        f"{path.relative_to(ROOT.parent)}:{line}"
        for path, line, kind in appends
        if not (isinstance(kind, ast.Constant) and events.get(kind.value) is not None)
    ]
    assert not wrong, f"append_event with a kind that is not a declared string literal: {wrong}"


def test_every_declared_kind_is_written_somewhere():
    written = {k.value for _, _, k in _appends() if isinstance(k, ast.Constant)}
    # The SQL vote statement writes division.vote too; it is also written from Python.
    unused = sorted({k.kind for k in ALL} - written)
    assert not unused, f"declared but never written: {unused}"


def test_the_catalogue_mechanism_imports_no_app():
    apps = {"accounts", "api", "ballots", "bodies", "meetings", "members", "record",
            "scenarios"}
    for name in ("events.py", "event_text.py", "events_doc.py", "ledger.py"):
        tree = ast.parse((ROOT / "core" / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                parts = node.module.split(".")
                assert not (parts[0] == "openassembly" and len(parts) > 1
                            and parts[1] in apps), f"core/{name} imports {node.module}"
