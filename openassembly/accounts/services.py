"""Second factor enrolment and the two-person rule."""

from __future__ import annotations

import pyotp
from django.db import transaction

from openassembly.core import clock, sensitive, states
from openassembly.core.authority import Route, acts, changes_nothing
from openassembly.core.errors import Conflict, InvalidInput, NotFound, PowerDenied
from openassembly.core.ledger import append_event
from openassembly.core.models import Organisation
from openassembly.core.powers import powers_of, require_power
from openassembly.members.models import Member

from .models import SensitiveAction, User

ISSUER = "openassembly"


@acts(Route.SELF)
def start_totp_enrolment(user: User) -> str:
    """A fresh secret, kept unconfirmed until the person proves their app has it."""
    if user.has_second_factor:
        raise Conflict("Two-factor sign-in is set up already.")
    user.totp_secret = pyotp.random_base32()
    user.save(update_fields=["totp_secret"])
    return totp_uri(user)


@changes_nothing
def totp_uri(user: User) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def _accept_code(user: User, code: str) -> bool:
    totp = pyotp.TOTP(user.totp_secret)
    code = "".join(code.split())
    now = clock.now()
    for drift in (0, -1, 1):
        step = totp.timecode(now) + drift
        # A code is good once: refusing an already-used step stops replay of a seen code.
        if step > user.totp_last_step and totp.at(step * totp.interval) == code:
            user.totp_last_step = step
            return True
    return False


@acts(Route.SELF)
def confirm_totp_enrolment(user: User, *, code: str) -> None:
    if not user.totp_secret:
        raise InvalidInput("Start setting up two-factor sign-in first.")
    if not _accept_code(user, code):
        raise InvalidInput("That code is not right; check the time on your phone and try again.")
    user.totp_confirmed_at = clock.now()
    user.save(update_fields=["totp_confirmed_at", "totp_last_step"])


@acts(Route.SELF)
def check_totp(user: User, *, code: str) -> None:
    if not user.has_second_factor:
        raise InvalidInput("Two-factor sign-in is not set up for this account.")
    if not _accept_code(user, code):
        raise InvalidInput("That code is not right, or it was used already.")
    user.save(update_fields=["totp_last_step"])


@acts(Route.SELF)
def claim_account(*, email: str) -> User | None:
    """The login for this email address, made if members on the register have the address but
    no login, and linked to every such member; None if nobody has the address or its login is
    disabled (claiming does not switch a disabled login back on)."""
    email = email.strip().lower()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is not None and not user.is_active:
            return None
        unclaimed = Member.objects.filter(email__iexact=email, user=None, erased_at=None)
        if user is None:
            if not unclaimed.exists():
                return None
            user = User.objects.create_user(email, None)
        unclaimed.update(user=user)
    return user


@acts(Route.TWO_OFFICERS)
def propose_sensitive_action(
    actor: Member, *, organisation: Organisation, kind: str, payload: dict, reason: str
) -> SensitiveAction:
    spec = sensitive.spec(kind)
    require_power(organisation, actor, spec.power)
    if not reason.strip():
        raise InvalidInput("Say why: the reason is published with the action.")
    spec.check(organisation, payload)
    with transaction.atomic():
        action = SensitiveAction.objects.create(
            organisation=organisation,
            kind=kind,
            payload=payload,
            reason=reason.strip(),
            proposed_by=actor,
            proposed_at=clock.now(),
        )
        append_event(
            organisation,
            kind="sensitive.proposed",
            actor=actor.name,
            data={
                "action": action.pk,
                "kind": kind,
                "reason": action.reason,
                "summary": spec.summary(organisation, payload),
            },
        )
    return action


def _pending(organisation: Organisation, action_id: int) -> SensitiveAction:
    action = (
        SensitiveAction.objects.select_for_update()
        .filter(organisation=organisation, pk=action_id)
        .first()
    )
    if action is None:
        raise NotFound("No such action.")
    if action.status != SensitiveAction.Status.PENDING:
        raise Conflict(f"This action is {action.get_status_display()} already.")
    return action


@acts(Route.TWO_OFFICERS, power="confirm-sensitive-action")
def confirm_sensitive_action(
    actor: Member, *, organisation: Organisation, action_id: int
) -> SensitiveAction:
    """The second officer's confirmation; only then does the action happen."""
    with transaction.atomic():
        action = _pending(organisation, action_id)
        spec = sensitive.spec(action.kind)
        if action.proposed_by_id == actor.pk:
            raise PowerDenied(
                "The two-person rule: a different officer must confirm what you proposed.",
                power="confirm-sensitive-action",
            )
        held = powers_of(actor)
        if spec.power not in held and "confirm-sensitive-action" not in held:
            require_power(organisation, actor, "confirm-sensitive-action")
        action.outcome = spec.carry_out(organisation, action, confirmer=actor)
        states.move(action, SensitiveAction.Status.CONFIRMED)
        action.decided_by = actor
        action.decided_at = clock.now()
        action.save(update_fields=["outcome", "status", "decided_by", "decided_at"])
        append_event(
            organisation,
            kind="sensitive.confirmed",
            actor=actor.name,
            data={"action": action.pk, "kind": action.kind, "proposed_by": action.proposed_by.name},
        )
    return action


@acts(Route.TWO_OFFICERS, Route.SELF)
def cancel_sensitive_action(
    actor: Member, *, organisation: Organisation, action_id: int
) -> SensitiveAction:
    with transaction.atomic():
        action = _pending(organisation, action_id)
        spec = sensitive.spec(action.kind)
        if action.proposed_by_id != actor.pk:
            require_power(organisation, actor, spec.power)
        states.move(action, SensitiveAction.Status.CANCELLED)
        action.decided_by = actor if action.proposed_by_id != actor.pk else None
        action.decided_at = clock.now()
        action.save(update_fields=["status", "decided_by", "decided_at"])
        append_event(
            organisation,
            kind="sensitive.cancelled",
            actor=actor.name,
            data={"action": action.pk, "kind": action.kind},
        )
    return action
