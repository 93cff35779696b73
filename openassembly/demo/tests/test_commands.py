"""The demo's commands are found from the demo app, at the top of the layers."""

from __future__ import annotations

from io import StringIO

import pyotp
from django.core.management import call_command

from openassembly.demo.organisation import DEMO_TOTP_SECRET


def test_demo_code_prints_the_demo_officers_current_code():
    out = StringIO()
    call_command("demo_code", stdout=out)
    assert pyotp.TOTP(DEMO_TOTP_SECRET).verify(out.getvalue().strip(), valid_window=1)
