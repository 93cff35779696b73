"""One shape for every access helper: ``access_<thing>(viewer, pk, *, scope...)`` returns the
thing in the viewer's organisation or raises NotFound, for missing and forbidden alike."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest

import openassembly

ROOT = Path(openassembly.__file__).parent
ACCESS_MODULES = sorted(
    f"openassembly.{path.parent.name}.access" for path in ROOT.glob("*/access.py")
)


def _helpers():
    for name in ACCESS_MODULES:
        module = importlib.import_module(name)
        for attr, function in vars(module).items():
            if attr.startswith("access_") and inspect.isfunction(function) and (
                function.__module__ == name
            ):
                yield f"{name}.{attr}", function


def test_access_modules_are_found():
    apps = {name.split(".")[1] for name in ACCESS_MODULES}
    assert {"ballots", "meetings", "bodies", "members", "scenarios"} <= apps


@pytest.mark.parametrize("name,function", list(_helpers()), ids=lambda v: v if isinstance(
    v, str) else "")
def test_every_access_helper_takes_a_viewer_and_an_id_then_keywords(name, function):
    parameters = list(inspect.signature(function).parameters.values())
    assert [p.name for p in parameters[:2]] == ["viewer", "pk"], name
    assert all(p.kind == p.POSITIONAL_OR_KEYWORD for p in parameters[:2]), name
    assert all(p.kind == p.KEYWORD_ONLY for p in parameters[2:]), name
