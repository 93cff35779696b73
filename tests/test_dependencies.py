"""Dependencies point down: the import graph of openassembly/, read with the standard library.

Every ``import`` and ``from ... import`` in every module counts, wherever it stands: an import
inside a function is still a dependency, only a later one. Tests, conftest files and the
``openassembly`` entry points (``cli.py``) are left out; they may reach anything.

The rules (docs/architecture.md, "Layers"):
(a) the pure packages import no Django and no app;
(b) core imports no other app (pure packages only);
(c) each app imports only apps in lower layers (apps sharing a layer do not import each other);
(d) no import circle among modules;
(e) reads do not call writes: a module named ``selectors`` (or inside a ``selectors`` package)
    imports no module named ``services`` (or inside a ``services`` package).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import openassembly

PURE = ("counting", "rules", "ledger", "analysis")

# Lowest first. An app may import the pure packages and any app in a layer below its own.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core",),  # organisations, constitution versions, ledger store, clock, registries
    ("members",),  # the register: members, regions, affiliates; which member a request is for
    ("bodies",),  # bodies and seats, built from the constitution and the register; seat powers
    ("accounts",),  # logins, second factor, the two-person rule
    ("mail",),  # mail runs to a roll, with a row per recipient, carried out by the worker
    ("meetings",),  # meetings, motions, divisions, minutes
    ("ballots", "scenarios"),  # elections, ballots, petitions; electoral pact scenarios
    ("record",),  # the public record and exports: reads everything below
    ("api",),  # the JSON API over the same services and selectors
    ("demo",),  # the demo organisation, loaded through everything else
)

# Known exceptions, each on a branch that is removing it as this list is written. The
# coordinator empties the list when those branches land; an entry that no longer matches
# anything fails the test below, so the list can only shrink.
KNOWN_UPWARD: dict[tuple[str, str], str] = {
}
KNOWN_CIRCLES: dict[frozenset[str], str] = {
    # One BLT writer, in counting (branch `stv`).
    frozenset({"openassembly.counting.blt", "openassembly.counting.model"}): "stv",
}


def _modules(package_dir: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every module that the rules cover."""
    found = {}
    base = package_dir.parent
    for path in sorted(package_dir.rglob("*.py")):
        parts = list(path.relative_to(base).with_suffix("").parts)
        if "tests" in parts or parts[-1] == "conftest":
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _targets(module: str, path: Path, node: ast.Import | ast.ImportFrom, known) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        package = package[: len(package) - (node.level - 1)]
        prefix = ".".join(package + ([node.module] if node.module else []))
    else:
        prefix = node.module or ""
    # ``from a import b`` depends on the module a.b when there is one, else on a.
    return [f"{prefix}.{alias.name}" if f"{prefix}.{alias.name}" in known else prefix
            for alias in node.names]


def import_graph(package_dir: Path) -> dict[str, set[str]]:
    """Module -> every module it imports (ours by module, others by their full dotted name)."""
    known = _modules(package_dir)
    graph: dict[str, set[str]] = {}
    for module, path in known.items():
        edges = graph.setdefault(module, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for target in _targets(module, path, node, known):
                # An import of a name from a package resolves to the deepest module we have.
                while target not in known and "." in target and target.startswith(
                    package_dir.name + "."
                ):
                    target = target.rsplit(".", 1)[0]
                if target != module:
                    edges.add(target)
    return graph


ENTRY_POINTS = ("cli",)


def app_of(module: str) -> str | None:
    """The app or pure package a module of ours belongs to; None for entry points and others."""
    parts = module.split(".")
    if parts[0] != "openassembly" or len(parts) < 2 or parts[1] in ENTRY_POINTS:
        return None
    return parts[1]


def circles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected groups of more than one module (Tarjan, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next((c for c in children if c in graph), None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(frozenset(group))
    return found


def violations(graph: dict[str, set[str]]) -> dict[tuple[str, str], str]:
    """Every import against rules (a) to (c), with the rule it breaks."""
    rank = {app: level for level, apps in enumerate(LAYERS) for app in apps}
    broken = {}
    for module, targets in graph.items():
        source = app_of(module)
        if source is None:
            continue
        for target in targets:
            root = target.split(".")[0]
            to = app_of(target) if root == "openassembly" else None
            if source in PURE:
                if root == "django" or (to is not None and to not in PURE):
                    broken[(module, target)] = "(a) a pure package imports Django or an app"
            elif to is None or to in PURE or to == source:
                continue
            elif source == "core":
                broken[(module, target)] = "(b) core imports another app"
            elif to not in rank or source not in rank:
                broken[(module, target)] = "(c) an app missing from LAYERS"
            elif rank[to] >= rank[source]:
                broken[(module, target)] = f"(c) {source} may not import {to} (layer order)"
    return broken


def _named(module: str, name: str) -> bool:
    return name in module.split(".")[1:]


def reads_calling_writes(graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    """Every import of a services module by a selectors module (rule (e))."""
    return {
        (module, target)
        for module, targets in graph.items()
        if _named(module, "selectors")
        for target in targets
        if target.startswith("openassembly.") and _named(target, "services")
    }


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph(Path(openassembly.__file__).parent)


def test_every_app_has_a_place_in_the_layers(graph):
    apps = {app_of(m) for m in graph} - {None}
    placed = {app for layer in LAYERS for app in layer}
    assert apps - set(PURE) == placed


def test_imports_point_down(graph):
    broken = violations(graph)
    unexpected = {edge: why for edge, why in broken.items() if edge not in KNOWN_UPWARD}
    assert unexpected == {}
    stale = set(KNOWN_UPWARD) - set(broken)
    assert stale == set(), "these exceptions are fixed: remove them from KNOWN_UPWARD"


def test_no_import_circle(graph):
    found = set(circles(graph))
    assert found - set(KNOWN_CIRCLES) == set()
    stale = set(KNOWN_CIRCLES) - found
    assert stale == set(), "these circles are gone: remove them from KNOWN_CIRCLES"


def test_selectors_import_no_services(graph):
    assert reads_calling_writes(graph) == set()


# The checker itself, on a made-up package: it must see what it is meant to catch.


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "openassembly" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for directory in (root / "openassembly").rglob("*"):
        if directory.is_dir() and not (directory / "__init__.py").exists():
            (directory / "__init__.py").write_text("", encoding="utf-8")
    (root / "openassembly" / "__init__.py").touch()
    return root / "openassembly"


def test_the_checker_sees_an_upward_import_hidden_in_a_function(tmp_path):
    package = _write(tmp_path, {
        "core/services.py": "def f():\n    from openassembly.bodies.services import g\n",
        "bodies/services.py": "from ..members import models\n\ndef g():\n    pass\n",
        "members/models.py": "from openassembly.accounts import models\n",
        "accounts/models.py": "",
        "counting/tally.py": "import django.db\nfrom openassembly.rules import model\n",
        "rules/model.py": "",
        "bodies/tests/test_x.py": "from openassembly.demo import anything\n",
    })
    found = violations(import_graph(package))
    assert found == {
        ("openassembly.core.services", "openassembly.bodies.services"):
            "(b) core imports another app",
        ("openassembly.members.models", "openassembly.accounts.models"):
            "(c) members may not import accounts (layer order)",
        ("openassembly.counting.tally", "django.db"):
            "(a) a pure package imports Django or an app",
    }


def test_the_checker_finds_a_circle_through_a_relative_import(tmp_path):
    package = _write(tmp_path, {
        "ballots/a.py": "from . import b\n",
        "ballots/b.py": "def f():\n    from .c import x\n",
        "ballots/c.py": "from openassembly.ballots.a import y\n",
        "ballots/d.py": "from .a import y\n",
    })
    assert circles(import_graph(package)) == [
        frozenset({"openassembly.ballots.a", "openassembly.ballots.b", "openassembly.ballots.c"})
    ]


def test_siblings_in_one_layer_do_not_import_each_other(tmp_path):
    package = _write(tmp_path, {"scenarios/views.py": "from openassembly.ballots import models\n",
                                "ballots/models.py": ""})
    assert set(violations(import_graph(package)).values()) == {
        "(c) scenarios may not import ballots (layer order)"
    }


def test_an_app_is_told_apart_from_an_entry_point():
    assert app_of("openassembly.cli") is None
    assert app_of("openassembly.demo") == "demo"
    assert app_of("openassembly.core.models") == "core"
    assert app_of("openassembly") is None
    assert app_of("django.db") is None


def test_the_checker_sees_a_selector_importing_a_service(tmp_path):
    package = _write(tmp_path, {
        "ballots/selectors.py": "def f():\n    from .services.polls import cast_ballot\n",
        "ballots/services/polls.py": "from ..selectors import f\n",
        "meetings/selectors/lists.py": "from openassembly.meetings import services\n",
        "meetings/services.py": "",
        "bodies/selectors.py": "from openassembly.bodies import models\n",
        "bodies/models.py": "",
    })
    assert reads_calling_writes(import_graph(package)) == {
        ("openassembly.ballots.selectors", "openassembly.ballots.services.polls"),
        ("openassembly.meetings.selectors.lists", "openassembly.meetings.services"),
    }
