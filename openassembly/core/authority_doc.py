"""docs/authority.md, written from the registry of acts (core/authority.py) so that the page
and the code cannot drift apart (`openassembly authority-catalogue` writes it; a test fails
when they differ).

The registry fills as the service modules are imported. Which modules those are is not core's
to know, so ``load_acts`` asks Django's app registry, as Django's own autodiscovery does: every
installed app's ``services`` module or package, and every public module in the package.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from django.apps import apps
from django.conf import settings

from . import authority
from .authority import ACTS, CHECKS, ROLES, WORDS, Act, Route

APPS = {
    "core": "The organisation and its constitution",
    "members": "Members, affiliates and appeals",
    "bodies": "Bodies and seats",
    "accounts": "Sign-in and the two-person rule",
    "meetings": "Meetings, motions, votes and decisions",
    "ballots": "Elections, members' ballots, petitions and sortition",
    "scenarios": "Electoral analysis",
}


def doc_path() -> Path:
    return Path(settings.BASE_DIR) / "docs" / "authority.md"


def load_acts() -> list[Act]:
    """Every act the installed apps' services declare, in app order, then by module."""
    for config in apps.get_app_configs():
        if not config.name.startswith("openassembly."):
            continue
        try:
            package = importlib.import_module(f"{config.name}.services")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.services":
                raise
            continue
        for module in pkgutil.iter_modules(getattr(package, "__path__", [])):
            if not module.name.startswith("_"):
                importlib.import_module(f"{package.__name__}.{module.name}")
        # An app may keep some services in sibling modules (members/services_dues.py).
        for module in pkgutil.iter_modules([config.path]):
            if module.name.startswith("services_"):
                importlib.import_module(f"{config.name}.{module.name}")
    return [act for act in ACTS.values() if _ours(act.service)]


def _ours(service: str) -> bool:
    # Only the services modules, which ``load_acts`` imports whatever ran before it: an act
    # declared anywhere else (a test's own) would be listed or not by the order of imports.
    parts = service.split(":", 1)[0].split(".")
    return parts[0] == "openassembly" and len(parts) >= 3 and (
        parts[2] == "services" or parts[2].startswith("services_"))


def _app(service: str) -> str:
    return service.split(".", 2)[1]


def _order(act: Act) -> tuple[int, str]:
    app = _app(act.service)
    return (list(APPS).index(app) if app in APPS else len(APPS), act.service)


def act_words(service: str) -> str:
    """An act as people say it: "call meeting" for meetings.services.calling:call_meeting."""
    return service.rsplit(":", 1)[1].replace("_", " ")


def _power(act: Act) -> str:
    return f"`{act.power}`" if act.power else "—"


def render() -> str:
    acts = sorted(load_acts(), key=_order)
    checks = sorted(c for c in CHECKS if _ours(c))
    out = [
        "# Authority on every act",
        "",
        "<!-- Generated from the registry of acts in the code (the `@acts` declarations on the",
        "services, read by openassembly/core/authority.py) by `openassembly authority-catalogue`.",
        "Do not edit by hand: a test fails when this page and the code differ. -->",
        "",
        "Every act that changes the record declares what it rests on: the kinds of authority it",
        "accepts and, where an officer does it, the power the constitution gives their seat. The",
        f"software refuses an act done any other way. This page lists all {len(acts)} acts; see",
        "[the constitution guide](constitution.md#authority-on-every-act) for what each kind of",
        "authority means, and the [ledger](ledger-events.md#powerrefused) for how a refusal is",
        "recorded.",
        "",
        "## The kinds of authority",
        "",
        "| kind | in words | the act is given a record |",
        "| --- | --- | --- |",
    ]
    out += [f"| `{route.value}` | {WORDS[route]} | "
            f"{'yes' if route in authority.RECORDED else 'no'} |" for route in Route]
    out += [
        "",
        "An act given a record (a decision, an election's result, a petition, a carried",
        "members' ballot, a nomination, a requisition) checks it before doing anything, and the",
        "ledger event it writes says which record it rested on. It takes only the record's",
        "number from whoever hands it over, and reads the record again, by that number, from",
        "the organisation's own register: what a caller says about it (its body, its kind, its",
        "votes) is never trusted, so a record of another organisation, or one made void since,",
        "is refused.",
        "",
        "The powers below are the names in the constitution's `[[powers]]` (which seats hold",
        "them is the constitution's to say), except these, which a meeting gives its own",
        "officers when it is called:",
        "",
    ]
    out += [f"* `{name}`: {words}" for name, words in ROLES.items()]
    for app in sorted({_app(a.service) for a in acts},
                      key=lambda a: list(APPS).index(a) if a in APPS else len(APPS)):
        out += ["", f"## {APPS.get(app, app)}", "",
                "| act | in the code | rests on | power |", "| --- | --- | --- | --- |"]
        for act in (a for a in acts if _app(a.service) == app):
            module, name = act.service.split(":", 1)
            where = f"`{module.removeprefix('openassembly.')}.{name}`"
            routes = "; or ".join(WORDS[r] for r in act.accepts)
            out.append(f"| {act_words(act.service)} | {where} | {routes} | {_power(act)} |")
    out += [
        "",
        "## Checks the acts share",
        "",
        "These public functions of the services change nothing (a test reads each one to hold",
        "it to that), so they rest on no authority: the acts above call them.",
        "",
    ]
    out += [f"* `{c.split(':')[0].removeprefix('openassembly.')}.{c.split(':')[1]}`"
            for c in checks]
    return "\n".join(out) + "\n"
