from __future__ import annotations

from datetime import timedelta

import pyotp


def officer(organisation, body: str, seat: str, email: str, *, name: str = "Sam Officer"):
    """An officer with a confirmed second factor; returns the member and the TOTP secret."""
    from openassembly.accounts.models import User
    from openassembly.bodies.models import SeatGroup
    from openassembly.bodies.services import seat_member
    from openassembly.core import clock
    from openassembly.members.models import Member

    secret = pyotp.random_base32()
    user = User.objects.create_user(email, "correct horse battery")
    user.totp_secret = secret
    user.totp_confirmed_at = clock.now()
    user.save()
    member = Member.objects.create(
        organisation=organisation, user=user, name=name, email=email, joined_on=clock.today()
    )
    group = SeatGroup.objects.get(organisation=organisation, body__key=body, seat_key=seat)
    seat_member(
        None,
        organisation=organisation,
        seat_group=group,
        member=member,
        starts_on=clock.today() - timedelta(days=1),
        how="elected",
        system="tests",
    )
    return member, secret
