"""One state machine: every status field has a table, and nothing changes a status around it.

The tables are declared by each app (``<app>/states.py``) and checked by
``openassembly.core.states``. These tests walk the installed models and the source tree, so a
new status field without a table, or a service that writes a status directly, fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from openassembly.core import states
from openassembly.core.errors import Conflict

SOURCE = Path(__file__).resolve().parent.parent / "openassembly"
PACKAGES = {".".join(("openassembly", *p.parent.relative_to(SOURCE).parts)).rstrip(".")
            for p in SOURCE.rglob("__init__.py")}

# Status writes the scan cannot judge from the source, each checked by the machine at run time.
# (The member import was one; it no longer writes a standing at all: see members/importer.py.)
CHECKED_AT_RUN_TIME: set[tuple[str, str]] = set()


# Fields that choose from a model's Status but record a past state rather than hold one.
RECORDS = {"ballots.Poll.cancelled_from"}


def _status_fields(model: type[models.Model]) -> list[models.Field]:
    """Fields that hold a status: named ``status`` or ``state``, or choosing from a nested
    ``Status`` (unless they only record a past one)."""
    nested = getattr(model, "Status", None)
    found = []
    for field in model._meta.get_fields():
        if not isinstance(field, models.CharField) or not field.choices:
            continue
        if f"{model._meta.label}.{field.name}" in RECORDS:
            continue
        if field.name in ("status", "state") or (
            nested is not None and {v for v, _ in field.choices} == set(nested.values)
        ):
            found.append(field)
    return found


def _models_with_status() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("openassembly.")
            and _status_fields(m)]


def test_every_status_field_has_a_transition_table():
    missing = []
    for model in _models_with_status():
        if [f.name for f in _status_fields(model)] != [states.FIELD]:
            missing.append(f"{model._meta.label}: a status field not called '{states.FIELD}'")
        elif not states.declared(model):
            missing.append(f"{model._meta.label}: no table in its app's states.py")
    assert not missing, "\n".join(missing)


def test_every_table_covers_its_enum_and_every_state_is_reachable():
    seen = set()
    for table in states.tables():
        seen.add(table.model)
        values = set(table.model.Status.values)
        targets = {t for ts in table.moves.values() for t in ts}
        assert table.states | targets | table.initial <= values, table
        assert table.initial <= table.states, table
        assert table.reachable() == table.states, (
            f"{table.model._meta.label} {table.kind or ''}: "
            f"{sorted(table.states - table.reachable())} cannot be reached")
        if table.kind is None:
            # Without kinds, every value of the enum is a state the table knows.
            assert table.states == values, table
    for model in seen:
        by_kind = [t for t in states.tables() if t.model is model]
        assert set().union(*(t.states for t in by_kind)) == set(model.Status.values), model
        default = model._meta.get_field(states.FIELD).default
        assert all(default in t.initial for t in by_kind), (
            f"{model._meta.label}: a new row starts as {default!r}, which is not initial")


def test_tables_kept_per_kind_cover_every_kind():
    for table in states.tables():
        if table.kind is None:
            continue
        name, _ = table.kind
        kinds = {v for v, _ in table.model._meta.get_field(name).choices}
        declared = {t.kind[1] for t in states.tables() if t.model is table.model}
        assert declared == kinds, table.model


# The machine itself, as a careless or hostile caller would use it.

def test_move_refuses_what_the_table_does_not_list_and_changes_nothing():
    from openassembly.meetings.models import Meeting

    meeting = Meeting(status=Meeting.Status.CLOSED)
    with pytest.raises(Conflict, match=r"^This meeting is closed; it cannot become in session\.$"):
        states.move(meeting, Meeting.Status.OPEN)
    assert meeting.status == Meeting.Status.CLOSED
    with pytest.raises(Conflict):
        states.move(meeting, Meeting.Status.CLOSED)  # staying put is not a move either
    states.move(Meeting(status=Meeting.Status.CALLED), Meeting.Status.OPEN)


def test_move_refuses_a_value_outside_the_enum():
    from openassembly.meetings.models import Meeting

    meeting = Meeting(status=Meeting.Status.CALLED)
    with pytest.raises(Conflict):
        states.move(meeting, "adjourned")
    assert meeting.status == Meeting.Status.CALLED


def test_a_poll_is_moved_by_the_table_of_its_kind():
    from openassembly.ballots.models import Poll

    referendum = Poll(kind=Poll.Kind.REFERENDUM, status=Poll.Status.DRAFT)
    with pytest.raises(Conflict, match="This members' ballot is announced; it cannot become "
                                       "nominations open"):
        states.move(referendum, Poll.Status.NOMINATIONS)
    election = Poll(kind=Poll.Kind.ELECTION, status=Poll.Status.DRAFT)
    with pytest.raises(Conflict, match="This election is announced; it cannot become voting"):
        states.move(election, Poll.Status.OPEN)
    states.move(election, Poll.Status.NOMINATIONS)
    states.move(referendum, Poll.Status.OPEN)


def test_a_bulk_move_is_checked_before_anything_is_written():
    from openassembly.meetings.models import Speech

    with pytest.raises(Conflict, match="cannot become waiting to speak"):
        # No query runs: the table refuses first (the test has no database).
        states.move_where(Speech.objects.all(), from_=Speech.Status.DONE,
                          to=Speech.Status.WAITING)


def test_a_bulk_move_of_rows_with_kinds_must_name_the_kind():
    from openassembly.ballots.models import Poll

    with pytest.raises(ImproperlyConfigured, match="no transition table for None"):
        states.move_where(Poll.objects.all(), from_=Poll.Status.DRAFT, to=Poll.Status.OPEN)
    with pytest.raises(Conflict, match="This election is announced; it cannot become voting"):
        states.move_where(Poll.objects.all(), from_=Poll.Status.DRAFT, to=Poll.Status.OPEN,
                          kind=Poll.Kind.ELECTION)


@pytest.mark.django_db
def test_a_bulk_move_of_one_kind_leaves_the_other_kind_alone(django_assert_num_queries):
    from openassembly.ballots.models import Poll

    with django_assert_num_queries(1) as captured:
        states.move_where(Poll.objects.all(), from_=Poll.Status.DRAFT, to=Poll.Status.OPEN,
                          kind=Poll.Kind.REFERENDUM)
    sql = captured.captured_queries[0]["sql"]
    assert "UPDATE" in sql and "'referendum'" in sql and "'draft'" in sql


def test_a_new_row_must_start_in_an_initial_state():
    from openassembly.meetings.models import Meeting

    assert states.initial(Meeting, Meeting.Status.CALLED) == Meeting.Status.CALLED
    with pytest.raises(Conflict, match="A new meeting cannot start as closed"):
        states.initial(Meeting, Meeting.Status.CLOSED)


def test_a_mistaken_table_is_refused_when_declared():
    from openassembly.meetings.models import Meeting

    M = Meeting.Status
    with pytest.raises(ImproperlyConfigured, match="not status values"):
        states.declare(Meeting, {M.CALLED: {"adjourned"}}, initial={M.CALLED})
    with pytest.raises(ImproperlyConfigured, match="no row of their own"):
        states.declare(Meeting, {M.CALLED: {M.OPEN}}, initial={M.CALLED})
    with pytest.raises(ImproperlyConfigured, match="declared twice"):
        states.declare(Meeting, {M.CALLED: set(), M.OPEN: set(), M.CLOSED: set(),
                                 M.CANCELLED: set()}, initial={M.CALLED})
    with pytest.raises(ImproperlyConfigured, match="no initial state"):
        states.declare(Meeting, {M.CALLED: set()}, initial=set())


# The source: nothing writes a status except through the machine.

def _modules() -> list[Path]:
    skip = {"tests", "migrations"}
    return sorted(p for p in SOURCE.rglob("*.py")
                  if not skip & set(p.relative_to(SOURCE).parts) and p.name != "conftest.py"
                  and p.relative_to(SOURCE).as_posix() != "core/states.py")


def _module_of(path: Path) -> str:
    return ".".join(("openassembly", *path.relative_to(SOURCE).with_suffix("").parts)).removesuffix(
        ".__init__")


class _Aliases:
    """Names a module binds to a model's ``Status`` enum or to one of its members.

    ``S = Poll.Status``, ``Kind, Status = Motion.Kind, Motion.Status``, ``WITHDRAWN =
    Candidacy.Status.WITHDRAWN`` and ``from .common import S`` are all followed, so a value
    written through an alias is still judged by its model's table.
    """

    def __init__(self, trees: dict[str, ast.Module]) -> None:
        self.trees = trees
        self.cache: dict[str, dict[str, tuple]] = {}

    def of(self, module: str) -> dict[str, tuple]:
        if module in self.cache:
            return self.cache[module]
        self.cache[module] = found = {}
        tree = self.trees.get(module)
        if tree is None:
            return found
        for node in tree.body:
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    pairs = (zip(target.elts, node.value.elts, strict=False)
                             if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple)
                             else [(target, node.value)])
                    for name, value in pairs:
                        if isinstance(name, ast.Name):
                            resolved = self.resolve(value, found)
                            if resolved:
                                found[name.id] = resolved
            elif isinstance(node, ast.ImportFrom):
                base = self._absolute(module, node)
                for alias in node.names:
                    source = self.of(base).get(alias.name)
                    if source:
                        found[alias.asname or alias.name] = source
        return found

    def _absolute(self, module: str, node: ast.ImportFrom) -> str:
        if not node.level:
            return node.module or ""
        parts = module.split(".")
        # A package's own __init__ counts as the package: one dot is the package itself.
        keep = len(parts) - node.level + (1 if module in PACKAGES else 0)
        return ".".join([*parts[:keep], *([node.module] if node.module else [])])

    def resolve(self, node: ast.AST, names: dict[str, tuple]) -> tuple | None:
        """('enum', Model) for a Status enum, ('member', Model, NAME) for one of its values."""
        if isinstance(node, ast.Name):
            return names.get(node.id)
        if isinstance(node, ast.Attribute):
            if node.attr == "Status" and isinstance(node.value, ast.Name):
                return ("enum", node.value.id)
            owner = self.resolve(node.value, names)
            if owner and owner[0] == "enum":
                return ("member", owner[1], node.attr)
        return None


QUERIES = {"filter", "exclude", "get", "Q", "count", "exists", "aggregate", "annotate",
           "values", "values_list", "order_by", "get_object_or_404", "first", "last"}
CREATES = {"create", "get_or_create", "_create"}
SQL_STATUS_WRITE = re.compile(r"\bUPDATE\b[^;]*\bSET\b[^;]*\bstatus\s*=", re.I | re.S)


def _initial_names(model_name: str) -> set[str] | None:
    for table in states.tables():
        if table.model.__name__ == model_name:
            members = table.model.Status
            initial = set().union(*(t.initial for t in states.tables() if t.model is table.model))
            return {m.name for m in members if m.value in initial}
    return None


def _values(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.IfExp):
        return _values(node.body) + _values(node.orelse)
    return [node]


def _scan(path: Path, tree: ast.Module, aliases: _Aliases, excused: set | None = None
          ) -> list[str]:
    rel = path.relative_to(SOURCE).as_posix()
    names = aliases.of(_module_of(path))
    found = []
    excused = set() if excused is None else excused

    def flag(node: ast.AST, what: str, key: str = "") -> None:
        if (rel, key) in CHECKED_AT_RUN_TIME:
            excused.add((rel, key))
        else:
            found.append(f"{rel}:{node.lineno}: {what}")

    def targets(node: ast.AST):
        if isinstance(node, ast.Tuple | ast.List):
            for element in node.elts:
                yield from targets(element)
        else:
            yield node

    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                for t in targets(target):
                    if isinstance(t, ast.Attribute) and t.attr == "status":
                        flag(node, "assigns .status directly; use core.states.move")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if SQL_STATUS_WRITE.search(node.value):
                flag(node, "SQL that sets a status; use core.states.move_where")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            keywords = {k.arg: k.value for k in node.keywords if k.arg}
            for k in node.keywords:
                if k.arg is None and isinstance(k.value, ast.Dict):
                    keywords.update({key.value: v for key, v in zip(k.value.keys, k.value.values,
                                                                      strict=True)
                                     if isinstance(key, ast.Constant)})
            if name == "setattr" and len(node.args) > 1 and isinstance(
                    node.args[1], ast.Constant) and node.args[1].value == "status":
                flag(node, "sets status with setattr; use core.states.move")
            elif name in {"update", "update_or_create"} and "status" in keywords:
                flag(node, f"{name}(status=...); use core.states.move_where")
            elif name == "bulk_update":
                fields = node.args[1] if len(node.args) > 1 else keywords.get("fields")
                if fields is not None and "status" in _strings(fields, tree):
                    flag(node, "bulk_update of status; check each move", "bulk_update")
            elif "status" in keywords and name not in QUERIES:
                creating = name in CREATES or _initial_names(name) is not None
                for value in _values(keywords["status"]):
                    resolved = aliases.resolve(value, names)
                    if resolved and resolved[0] == "member":
                        initial = _initial_names(resolved[1])
                        if initial is not None and resolved[2] not in initial:
                            flag(node, f"creates a {resolved[1]} as {resolved[2]}, which is "
                                       "not an initial state of its table")
                    elif creating and not isinstance(value, ast.Constant):
                        flag(node, f"{name}(status=<not a constant>): the scan cannot check "
                                   "it starts in an initial state", name)
                    elif creating and isinstance(value, ast.Constant):
                        model = name if _initial_names(name) is not None else None
                        flag(node, f"{name}(status={value.value!r}): name the enum member"
                                   + ("" if model else " so its table can be found"))
    return found


def _strings(node: ast.AST, tree: ast.Module) -> set[str]:
    """The string constants in a literal, or in the module-level literal a name is bound to."""
    if isinstance(node, ast.Call) and node.args:  # list(COMPARED), tuple(...)
        return _strings(node.args[0], tree)
    if isinstance(node, ast.Name):
        for statement in tree.body:
            if isinstance(statement, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == node.id for t in statement.targets):
                return _strings(statement.value, tree)
        return {"status"}  # unknown: assume the worst
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant)
            and isinstance(n.value, str)}


def _trees() -> dict[str, tuple[Path, ast.Module]]:
    return {_module_of(p): (p, ast.parse(p.read_text(), filename=str(p)))
            for p in sorted(SOURCE.rglob("*.py")) if "tests" not in p.relative_to(SOURCE).parts}


def test_no_status_is_written_around_the_state_machine():
    parsed = _trees()
    aliases = _Aliases({m: tree for m, (_, tree) in parsed.items()})
    wanted = set(_modules())
    problems, excused = [], set()
    for _, (path, tree) in parsed.items():
        if path in wanted:
            problems += _scan(path, tree, aliases, excused)
    assert not problems, "\n".join(problems)
    assert excused == CHECKED_AT_RUN_TIME, f"no longer needed: {CHECKED_AT_RUN_TIME - excused}"


def _scan_text(text: str, name: str = "meetings/services/example.py") -> list[str]:
    path = SOURCE / name
    tree = ast.parse(text)
    parsed = {m: t for m, (_, t) in _trees().items()}
    parsed[_module_of(path)] = tree
    return _scan(path, tree, _Aliases(parsed))


@pytest.mark.parametrize("line", [
    "meeting.status = Meeting.Status.CLOSED",
    "meeting.status, meeting.closed_at = Meeting.Status.CLOSED, now",
    "setattr(meeting, 'status', 'closed')",
    "Meeting.objects.filter(pk=1).update(status=Meeting.Status.CLOSED)",
    "Meeting.objects.filter(pk=1).update(**{'status': 'closed'})",
    "Meeting.objects.create(title='x', status=Meeting.Status.CLOSED)",
    "Meeting(title='x', status=Meeting.Status.OPEN)",
    "Meeting.objects.create(title='x', status='closed')",
    "Meeting.objects.create(title='x', status=wanted)",
    "Member.objects.bulk_update(rows, ['name', 'status'])",
    "cursor.execute(\"UPDATE meetings_meeting SET status = 'closed' WHERE id = 1\")",
    "_create(actor, item=item, status=Status.VOTING)",
    "Speech.objects.create(status=Speech.Status.DONE if late else Speech.Status.WAITING)",
])
def test_the_scan_finds_each_way_around_the_machine(line):
    text = ("from openassembly.meetings.models import Meeting, Motion, Speech\n"
            "from openassembly.members.models import Member\n"
            "Status = Motion.Status\n" + line + "\n")
    assert _scan_text(text), line


@pytest.mark.parametrize("line", [
    "states.move(meeting, Meeting.Status.CLOSED)",
    "Meeting.objects.filter(status=Meeting.Status.OPEN).count()",
    "Meeting.objects.create(title='x', status=Meeting.Status.CALLED)",
    "_create(actor, item=item, status=Status.SECONDED)",
    "render(request, 'x.html', {}, status=400)",
    "meeting.status == Meeting.Status.CLOSED",
])
def test_the_scan_lets_the_machine_and_reads_through(line):
    text = ("from openassembly.core import states\n"
            "from openassembly.meetings.models import Meeting, Motion\n"
            "Status = Motion.Status\n" + line + "\n")
    assert _scan_text(text) == [], line


def test_the_states_page_is_generated_from_the_tables():
    from django.conf import settings

    page = settings.BASE_DIR / "docs" / "states.md"
    assert page.read_text() == states.describe(), "run: manage.py states_doc"
