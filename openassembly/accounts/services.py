"""Second factor enrolment and the two-person rule."""

from __future__ import annotations

import hashlib
import hmac
import secrets

import pyotp
from django.db import transaction
from django.urls import reverse

from openassembly.bodies.powers import holders_of
from openassembly.core import clock, notices, sensitive, states
from openassembly.core.actors import Actor
from openassembly.core.authority import Route, acts, changes_nothing
from openassembly.core.errors import Conflict, InvalidInput, NotFound, PowerDenied
from openassembly.core.ledger import append_event
from openassembly.core.models import Organisation
from openassembly.core.powers import powers_of, require_power
from openassembly.members.models import Member

from . import resets
from .models import RecoveryCode, SensitiveAction, User

ISSUER = "openassembly"
RECOVERY_CODES = 10
# No 0/O or 1/I/L: a code copied by hand from paper must not be misread.
RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CONFIRM = "confirm-sensitive-action"


@acts(Route.SELF)
@transaction.atomic
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


def _use_code(user: User, code: str) -> bool:
    """Accept ``code`` for ``user`` once: the time-step it belongs to must be later than the
    last one used, and is stored as used in the same statement that checks it.

    The caller holds the user's row lock, so two sessions racing with one code (an attacker who
    watched it typed, or a replayed request) are served one after the other, and the second
    sees the first's step; the conditional update makes that hold even where a database has no
    row locks."""
    totp = pyotp.TOTP(user.totp_secret)
    code = "".join(code.split())
    now = clock.now()
    for drift in (0, -1, 1):
        step = totp.timecode(now) + drift
        if step > user.totp_last_step and hmac.compare_digest(totp.at(step * totp.interval),
                                                              code):
            claimed = User.objects.filter(pk=user.pk, totp_last_step__lt=step).update(
                totp_last_step=step)
            if claimed:
                user.totp_last_step = step
                return True
    return False


def _locked(user: User) -> User:
    return User.objects.select_for_update().get(pk=user.pk)


def _issue_recovery_codes(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, digest=_digest(code)) for code in codes
    )
    return codes


def _new_recovery_code() -> str:
    # 10 characters of 31 letters and digits: about 50 bits, far beyond guessing within the attempt
    # limits, in groups a person can copy.
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _digest(code: str) -> str:
    canonical = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(canonical.encode()).hexdigest()


@acts(Route.SELF)
@transaction.atomic
def confirm_totp_enrolment(user: User, *, code: str) -> list[str]:
    """Switch the second factor on once the app's code is right; returns the recovery codes,
    which are shown once and kept only as hashes."""
    locked = _locked(user)
    if not locked.totp_secret or locked.totp_secret != user.totp_secret:
        raise InvalidInput("Start setting up two-factor sign-in first.")
    if locked.has_second_factor:
        raise Conflict("Two-factor sign-in is set up already.")
    if not _use_code(locked, code):
        raise InvalidInput("That code is not right; check the time on your phone and try again.",
                           field="code")
    locked.totp_confirmed_at = clock.now()
    locked.save(update_fields=["totp_confirmed_at"])
    user.totp_confirmed_at, user.totp_last_step = locked.totp_confirmed_at, locked.totp_last_step
    return _issue_recovery_codes(locked)


@acts(Route.SELF)
@transaction.atomic
def check_totp(user: User, *, code: str) -> None:
    """The second factor at sign-in: a right code, used once. Attempt limits are the sign-in
    view's (accounts/attempts.py): they count per address as well as per account."""
    locked = _locked(user)
    if not locked.has_second_factor:
        raise InvalidInput("Two-factor sign-in is not set up for this account.")
    if not _use_code(locked, code):
        raise InvalidInput("That code is not right, or it was used already.", field="code")
    user.totp_last_step = locked.totp_last_step


@acts(Route.SELF)
@transaction.atomic
def use_recovery_code(user: User, *, code: str) -> int:
    """Pass the second factor with a recovery code instead of the app's code; each code works
    once. Returns how many unused codes are left."""
    locked = _locked(user)
    if not locked.has_second_factor:
        raise InvalidInput("Two-factor sign-in is not set up for this account.")
    used = RecoveryCode.objects.filter(user=locked, digest=_digest(code), used_at=None).update(
        used_at=clock.now())
    if not used:
        raise InvalidInput("That recovery code is not right, or it was used already.",
                           field="code")
    return RecoveryCode.objects.filter(user=locked, used_at=None).count()


@acts(Route.SELF)
@transaction.atomic
def replace_second_factor(user: User, *, password: str) -> None:
    """Switch off one's own second factor to set it up again on a new phone, with the password
    typed again. Only from a session that has passed the second factor (the view checks the
    session), so a stolen password alone cannot do it; the recovery codes go with it."""
    locked = _locked(user)
    if not locked.check_password(password):
        raise InvalidInput("That is not your password.", field="password")
    _clear_second_factor(locked)


def _clear_second_factor(user: User) -> None:
    user.totp_secret, user.totp_confirmed_at = "", None
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    RecoveryCode.objects.filter(user=user).delete()


@acts(Route.TWO_OFFICERS, power="confirm-sensitive-action")
@transaction.atomic
def reset_second_factor(actor: Actor, *, organisation: Organisation, member: Member) -> None:
    """An officer who lost both their phone and their recovery codes is reset by two other
    officers: their second factor is switched off, and they set it up again at their next
    sign-in. Carried out only when a two-officer action is confirmed (accounts.sensitive), by
    the two officers together as one actor; one member alone is refused."""
    if getattr(actor, "is_member", False):
        raise PowerDenied(
            "The two-person rule: a second factor is reset by two other officers, one "
            "proposing and one confirming a two-officer action.",
            power="confirm-sensitive-action",
        )
    if member.organisation_id != organisation.pk:
        raise NotFound("No such member.")
    if member.user_id is None:
        raise InvalidInput("That member has no login, so no second factor to reset.")
    _clear_second_factor(_locked(member.user))


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
    if kind == resets.KIND:
        resets.refuse_own_reset(actor, payload)
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
        _tell_second_officers(actor, organisation, action, spec)
    return action


def _tell_second_officers(actor: Member, organisation: Organisation, action: SensitiveAction,
                          spec: sensitive.Spec) -> None:
    """One notice to each officer who may confirm the act, queued with it (it stands or falls
    with the proposal): never to the proposer, nor to an officer whose own second factor the
    act resets, since neither may confirm it."""
    officers = holders_of(organisation, {spec.power, CONFIRM})
    barred = {actor.pk}
    if action.kind == resets.KIND:
        barred.add(action.payload.get("member"))
    payload = {
        "action": action.pk, "title": spec.title, "proposed_by": actor.name,
        "reason": action.reason, "summary": spec.summary(organisation, action.payload),
        "actions_path": reverse("accounts:actions", kwargs={"org": organisation.slug}),
    }
    for officer_id in officers.exclude(pk__in=barred).values_list("pk", flat=True):
        notices.tell(organisation, member_id=officer_id, kind="confirm-act", payload=payload,
                     started_by=actor)


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


@acts(Route.TWO_OFFICERS, power=CONFIRM)
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
