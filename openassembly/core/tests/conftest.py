"""Core's cast: members' ballots as a BALLOT resolver reports them.

The ballots app registers the real resolver; core's adoption of a new constitution is checked
against the facts any BALLOT resolver gives (core/amendment.py), so core's tests hand it those
facts through a resolver of their own, registered for the test only.
"""

from __future__ import annotations

import pytest

from openassembly.core import authority
from openassembly.core.amendment import sha256
from openassembly.core.authority import Authority, AuthorityRefused, Route


@pytest.fixture
def members_ballot(monkeypatch):
    """``members_ballot(text, petition=..., carried=True)``: the number of a members' ballot
    that asked the members about ``text``, raised by ``petition``, and was carried or not."""
    ballots: dict[int, dict] = {}

    def resolver(organisation, reference) -> Authority:
        facts = ballots.get(int(reference))
        if facts is None or facts["organisation"] != organisation.pk:
            raise AuthorityRefused(f"There is no members' ballot {reference}.")
        outcome = "carried" if facts["carried"] else "lost"
        return Authority(route=Route.BALLOT, reference=f"ballot:{reference}", rule="8.2",
                         text=f"by members' ballot {reference}, {outcome} 3,120 to 1,040",
                         facts=facts)

    monkeypatch.setitem(authority._RESOLVERS, Route.BALLOT, resolver)

    def ballot(organisation, text: str, *, petition: str = "rejected-amendment",
               carried: bool = True) -> int:
        number = len(ballots) + 1
        ballots[number] = {"organisation": organisation.pk, "carried": carried,
                           "petition": petition, "new_constitution_sha256": sha256(text),
                           "for": 3120, "against": 1040}
        return number

    return ballot
