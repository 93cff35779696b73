"""Reads for the member register: affiliates' fees, pending sign-ups and applications."""

from __future__ import annotations

import hashlib

from openassembly.core.errors import NotFound
from openassembly.core.models import Organisation

from .models import Affiliate, Member, Signup, StandingChange


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


def member_by_email(organisation: Organisation, email: str, *, field: str = "member"):
    """The member with this address in this organisation, for an officer's form; NotFound by
    the field otherwise (and for another organisation's member alike)."""
    member = Member.objects.filter(organisation=organisation,
                                   email__iexact=email.strip()).first()
    if member is None:
        raise NotFound("Nobody on the register has that email address.", field=field)
    return member


def applicants(organisation: Organisation):
    """Applications awaiting a decision, oldest first."""
    return (Member.objects.filter(organisation=organisation, status=Member.Status.APPLICANT)
            .select_related("region").order_by("joined_on", "pk"))


def applicant_by_id(organisation: Organisation, pk: int) -> Member:
    member = applicants(organisation).filter(pk=pk).first()
    if member is None:
        raise NotFound("That application is not awaiting a decision.", field="applicant")
    return member


def last_admission_change(member: Member) -> StandingChange | None:
    """How the member's application was decided, if it was."""
    return (StandingChange.objects.filter(
        member=member, cause__in=[StandingChange.Cause.ADMITTED, StandingChange.Cause.REFUSED])
        .order_by("-at", "-pk").first())
