"""Reads for the member register: affiliates' fees and pending sign-ups."""

from __future__ import annotations

import hashlib

from openassembly.core.errors import NotFound
from openassembly.core.models import Organisation

from .models import Affiliate, Signup


def fee_paid(affiliate: Affiliate, year: int) -> bool:
    return affiliate.fees.filter(year=year).exists()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def signup_for_token(organisation: Organisation, token: str) -> Signup:
    signup = Signup.objects.filter(
        organisation=organisation, token_hash=token_hash(token), confirmed_at=None
    ).first()
    if signup is None:
        raise NotFound("This confirmation link is not valid or has been used already.")
    return signup
