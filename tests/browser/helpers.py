from __future__ import annotations

import pyotp

from openassembly.conftest import _person, _seat


def officer(organisation, body: str, seat: str, email: str, *, name: str = "Sam Officer"):
    """An officer with a confirmed second factor; returns the member and the TOTP secret."""
    from openassembly.core import clock

    member = _seat(organisation, _person(organisation, name, email), body, seat)
    secret = pyotp.random_base32()
    member.user.totp_secret = secret
    member.user.totp_confirmed_at = clock.now()
    member.user.save()
    return member, secret
