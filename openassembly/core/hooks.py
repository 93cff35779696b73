"""What follows when the constitution applies anew, registered by the apps that carry it out.

The constitution in force shapes rows that other apps own: bodies builds its bodies and seat
groups from it. Core, the lowest layer, imports no app, so it cannot call bodies; bodies
registers its work here from its ``AppConfig.ready()`` instead. Core runs the hooks when an
organisation is founded and when a constitution version comes into force; members runs them
when an affiliate joins or pays its fee, since affiliates bring seats of their own.
"""

from __future__ import annotations

from collections.abc import Callable

from openassembly.core.models import Organisation

Hook = Callable[[Organisation], None]

_applied: list[Hook] = []


def on_constitution_applied(hook: Hook) -> None:
    """Run ``hook(organisation)`` whenever the constitution applies anew (once, however often
    it is registered)."""
    if hook not in _applied:
        _applied.append(hook)


def constitution_applies(organisation: Organisation) -> None:
    """Bring what other apps hold into line with the constitution in force, in this
    transaction."""
    for hook in _applied:
        hook(organisation)
