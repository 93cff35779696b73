"""Which standing a member may move to: imported from ``MembersConfig.ready()``.

The organisation's register is the authority on a member's standing and the CSV import mirrors
it, so every standing may follow every other (a lapsed member renews, a resigned one rejoins)
and a new row may start in any of them. What the table adds is that each change goes through
the one machine, and that only these four standings exist.
"""

from __future__ import annotations

from openassembly.core.states import declare

from .models import Member

_ALL = set(Member.Status.values)

declare(Member, {status: _ALL - {status} for status in _ALL}, initial=_ALL)
