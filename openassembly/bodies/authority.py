"""Nominations as authority: an affiliate's nomination to a seat, recorded by its authorised
nominator, checked, for the act that seats the nominee (core.authority Route.NOMINATION).

Registered from this app's ``ready()``. The reference is the nomination's number or the
SeatNomination itself.
"""

from __future__ import annotations

from typing import Any

from openassembly.core.authority import Authority, AuthorityRefused, Route, register_resolver
from openassembly.core.models import Organisation
from openassembly.rules.seats import way_of

from .models import SeatNomination


def nomination_authority(organisation: Organisation, reference: Any) -> Authority:
    """The nomination ``reference`` names, if it was recorded by the member the affiliate
    names as its contact and the affiliate is still affiliated."""
    pk = reference.pk if isinstance(reference, SeatNomination) else reference
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise AuthorityRefused("Give the number of a recorded nomination.",
                               field="nomination") from None
    nomination = (SeatNomination.objects
                  .select_related("affiliate", "member", "nominated_by", "seat_group__body")
                  .filter(organisation=organisation, pk=pk).first())
    if nomination is None:
        raise AuthorityRefused(f"There is no nomination {pk}.", field="nomination")
    affiliate, group = nomination.affiliate, nomination.seat_group
    way = way_of(organisation.constitution, group.body.key, group.seat_key)
    if affiliate.disaffiliated_on is not None:
        raise AuthorityRefused(f"Rule {way.rule}: {affiliate.name} is no longer affiliated, so "
                               "its nomination gives no seat.", rule=way.rule)
    if affiliate.contact_id != nomination.nominated_by_id:
        raise AuthorityRefused(f"Rule {way.rule}: nomination {pk} was not recorded by "
                               f"{affiliate.name}'s contact.", rule=way.rule)
    return Authority(
        route=Route.NOMINATION,
        text=f"on the nomination of {affiliate.name}, recorded by its contact "
             f"{nomination.nominated_by.name}",
        reference=f"nomination:{nomination.pk}",
        rule=way.rule,
        facts={"affiliate": affiliate.slug, "seat_group": group.pk, "member": nomination.member_id,
               "nominator": nomination.nominated_by_id},
    )


def register() -> None:
    register_resolver(Route.NOMINATION, nomination_authority)
