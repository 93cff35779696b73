"""Election results as authority: a declared election, checked, for the acts that rest on it
(seating the elected, ending the outgoing terms). Route.ELECTION in core.authority.

Registered from this app's ``ready()``. The reference is the election's poll number (what the
record shows as "election 12"), the Poll or the Election. Another module of this app
(petition_authority.py) turns petitions and members' ballots into authority.
"""

from __future__ import annotations

from typing import Any

from openassembly.core.authority import Authority, AuthorityRefused, Route, register_resolver
from openassembly.core.models import Organisation

from .models import Election, Poll


def election_authority(organisation: Organisation, reference: Any) -> Authority:
    """The declared result of the election ``reference`` names: the seat group it filled and
    the members declared elected; AuthorityRefused if it is not a declared election here."""
    if isinstance(reference, Election):
        reference = reference.poll_id
    elif isinstance(reference, Poll):
        reference = reference.pk
    try:
        number = int(reference)
    except (TypeError, ValueError):
        raise AuthorityRefused("Give the number of an election.", field="election") from None
    poll = (Poll.objects.select_related("election__seat_group__body")
            .filter(organisation=organisation, pk=number, kind=Poll.Kind.ELECTION).first())
    if poll is None:
        raise AuthorityRefused(f"There is no election {number}.", field="election")
    if poll.status != Poll.Status.DECLARED:
        raise AuthorityRefused(f"Election {number} ({poll.title}) has no declared result: it "
                               f"is {poll.get_status_display()}.", rule=poll.rule,
                               field="election")
    election = poll.election
    group = election.seat_group
    elected = set(poll.outcome.get("elected", []))
    members = [c.candidacy.member_id for c in poll.choices.select_related("candidacy")
               if c.label in elected and c.candidacy is not None]
    return Authority(
        route=Route.ELECTION,
        text=f"by the result of election {poll.pk} ({poll.title})",
        reference=f"election:{poll.pk}",
        rule=poll.rule,
        facts={"poll": poll.pk, "election": election.key, "title": poll.title,
               "seat_group": group.pk, "seat_name": str(group), "body": group.body.key,
               "elected": sorted(elected), "elected_members": members},
    )


def register() -> None:
    register_resolver(Route.ELECTION, election_authority)
