"""Every login the README lists for the demo exists in a freshly loaded demo, holds the role the
README gives it, and signs in with the README's password (and the demo's second factor for
officers); and no demo login is missing from the README."""

from __future__ import annotations

import re
from pathlib import Path

import pyotp
from django.test import Client

README = Path(__file__).resolve().parents[3] / "README.md"


def _section() -> str:
    text = README.read_text()
    return text.split("## The demo's logins", 1)[1].split("\n## ", 1)[0]


def _rows() -> list[tuple[str, str]]:
    """(who, email) for each row of the README's table of demo logins."""
    rows = re.findall(r"^\| ([^|]+) \| `([^`]+@[^`]+)` \|", _section(), flags=re.M)
    assert rows, "the README's table of demo logins is missing"
    return rows


def _sign_in(email: str, password: str, secret: str | None) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"email": email, "password": password,
                                                "next": "/"})
    assert response.status_code == 302, f"{email} could not sign in"
    if secret is not None:
        assert response["Location"].startswith("/accounts/two-factor/")
        response = client.post(response["Location"], {"code": pyotp.TOTP(secret).now()})
        assert response.status_code in (302, 303), f"{email}'s second factor was refused"
    assert "_auth_user_id" in client.session
    return client


def test_every_readme_login_exists_holds_its_role_and_signs_in(db):
    from openassembly.accounts.models import User
    from openassembly.bodies.models import SeatHolding
    from openassembly.demo import organisation as demo

    organisation = demo.load_demo(members_count=120)
    section = _section()
    assert f"`{demo.DEMO_PASSWORD}`" in section
    listed = dict((email, who) for who, email in _rows())
    # Every demo login is in the README, and the README lists no login the demo lacks.
    assert set(listed) == set(User.objects.values_list("email", flat=True))
    for email, who in listed.items():
        member = User.objects.get(email=email).memberships.get(organisation=organisation)
        assert member.name in who, f"the README names {email} {who!r}, the demo {member.name}"
        seats = set(SeatHolding.objects.filter(member=member, ends_on=None,
                                               seat_group__body__key="organising-group")
                    .values_list("seat_group__seat_key", flat=True))
        if who.startswith("Officer"):
            kind = re.match(r"Officer, (\w+):", who).group(1)
            assert kind in seats, f"{email} is not the {kind} in the demo"
            _sign_in(email, demo.DEMO_PASSWORD, demo.DEMO_TOTP_SECRET)
        else:
            assert not (seats & {"chair", "secretary", "treasurer"})
            _sign_in(email, demo.DEMO_PASSWORD, None)
