"""Writers for the member register, affiliates and sign-up appeals."""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from openassembly.core import clock, states
from openassembly.core.actors import Actor
from openassembly.core.authority import Route, acts
from openassembly.core.errors import Conflict, InvalidInput, NotFound
from openassembly.core.hooks import constitution_applies
from openassembly.core.ledger import append_event, commitment, erase_salts
from openassembly.core.models import Organisation
from openassembly.core.powers import require_power
from openassembly.core.text import plain_name

from .models import Affiliate, AffiliationFee, Appeal, Member, Region, Signup
from .selectors import signup_for_token, token_hash

PRIVATE_FIELDS = ("email", "phone", "address")


def _member_subject(member: Member) -> str:
    return f"member:{member.pk}"


@acts(Route.OFFICE, Route.FOUNDING, power="manage-register")
def add_member(
    actor: Actor,
    *,
    organisation: Organisation,
    name: str,
    email: str,
    region: Region | None = None,
    local_group: Affiliate | None = None,
    joined_on: date | None = None,
) -> Member:
    """An officer with the register power adds a member; or the founders, at setup, add
    themselves (the system actor of the create-organisation command)."""
    if actor.is_member:
        require_power(organisation, actor, "manage-register")
    email = email.strip().lower()
    name = plain_name(name, what="member's name", field="name")
    if not name:
        raise InvalidInput("A member needs a name.", field="name")
    with transaction.atomic():
        if Member.objects.filter(organisation=organisation, email__iexact=email).exists():
            raise Conflict(f"{email} is on the register already.")
        member = Member.objects.create(
            organisation=organisation,
            name=name.strip(),
            email=email,
            region=region,
            local_group=local_group,
            joined_on=joined_on or clock.today(),
        )
        _record_joined(organisation, member, actor=actor.name, via="register")
    return member


def _record_joined(organisation: Organisation, member: Member, *, actor: str, via: str,
                   applied: bool = False) -> None:
    data = {
        "member": member.pk,
        "via": via,
        "region": member.region.name if member.region else None,
        "details": commitment(
            organisation,
            subject=_member_subject(member),
            value={"name": member.name, "email": member.email},
        ),
    }
    # An applicant has not joined: the record says they applied, and the admission (a
    # member.standing_changed event) says when they joined.
    if applied:
        append_event(organisation, kind="member.applied", actor=actor, data=data)
    else:
        append_event(organisation, kind="member.joined", actor=actor, data=data)


@acts(Route.SELF)
def update_own_details(
    member: Member, *, name: str, phone: str, address: str, region: Region | None
) -> Member:
    """A member corrects their own record; nobody else's."""
    name = plain_name(name, what="name", field="name")
    if not name:
        raise InvalidInput("Your name cannot be empty.", field="name")
    if region is not None and region.organisation_id != member.organisation_id:
        raise InvalidInput("That region belongs to another organisation.", field="region")
    with transaction.atomic():
        member.name = name.strip()
        member.phone = phone.strip()
        member.address = address.strip()
        member.region = region
        member.save(update_fields=["name", "phone", "address", "region"])
        append_event(
            member.organisation,
            kind="member.details_changed",
            actor="the member",
            data={
                "member": member.pk,
                "details": commitment(
                    member.organisation,
                    subject=_member_subject(member),
                    value={
                        "name": member.name,
                        "phone": member.phone,
                        "address": member.address,
                        "region": region.name if region else None,
                    },
                ),
            },
        )
    return member


@acts(Route.OFFICE, power="manage-register")
def add_affiliate(
    actor: Member,
    *,
    organisation: Organisation,
    kind: str,
    name: str,
    slug: str,
    region: Region | None = None,
    affiliated_on: date | None = None,
) -> Affiliate:
    require_power(organisation, actor, "manage-register")
    name = plain_name(name, what="affiliate's name", field="name")
    kinds = {k.key for k in organisation.constitution.affiliate_kinds}
    if kind not in kinds:
        raise InvalidInput(
            f"'{kind}' is not an affiliate kind; the constitution has {sorted(kinds)}."
        )
    with transaction.atomic():
        if Affiliate.objects.filter(organisation=organisation, slug=slug).exists():
            raise Conflict(f"An affiliate with the short name '{slug}' exists already.",
                           field="slug")
        affiliate = Affiliate.objects.create(
            organisation=organisation,
            kind=kind,
            name=name.strip(),
            slug=slug,
            region=region,
            affiliated_on=affiliated_on or clock.today(),
        )
        # Affiliates may bring seats (per-affiliate representatives), so re-plan the bodies.
        constitution_applies(organisation)
        append_event(
            organisation,
            kind="affiliate.joined",
            actor=actor.name,
            data={"affiliate": affiliate.name, "kind": kind, "slug": slug},
        )
    return affiliate


@acts(Route.OFFICE, power="manage-register")
def record_affiliation_fee(
    actor: Member,
    *,
    organisation: Organisation,
    affiliate: Affiliate,
    year: int,
    amount_pence: int,
    paid_on: date,
) -> AffiliationFee:
    require_power(organisation, actor, "manage-register")
    if affiliate.organisation_id != organisation.pk:
        raise NotFound("No such affiliate.")
    kind = next(k for k in organisation.constitution.affiliate_kinds if k.key == affiliate.kind)
    if amount_pence < kind.annual_fee_pence:
        raise InvalidInput(
            f"Rule {kind.rule} sets the {kind.name.lower()} fee at "
            f"£{kind.annual_fee_pence / 100:.2f} a year; £{amount_pence / 100:.2f} is short.",
            field="amount",
        )
    with transaction.atomic():
        try:
            fee = AffiliationFee.objects.create(
                organisation=organisation,
                affiliate=affiliate,
                year=year,
                amount_pence=amount_pence,
                paid_on=paid_on,
                recorded_by=actor,
            )
        except IntegrityError as error:
            raise Conflict(f"{affiliate.name}'s fee for {year} is recorded already.",
                           field="year") from error
        # A seat that needs a fee exists only while this year's fee is paid.
        constitution_applies(organisation)
        append_event(
            organisation,
            kind="affiliate.fee_paid",
            actor=actor.name,
            data={"affiliate": affiliate.name, "year": year, "amount_pence": amount_pence},
        )
    return fee


@acts(Route.OFFICE, power="manage-register")
def create_appeal(
    actor: Member, *, organisation: Organisation, slug: str, title: str, text: str
) -> Appeal:
    require_power(organisation, actor, "manage-register")
    with transaction.atomic():
        if Appeal.objects.filter(organisation=organisation, slug=slug).exists():
            raise Conflict(f"An appeal called '{slug}' exists already.")
        appeal = Appeal.objects.create(
            organisation=organisation, slug=slug, title=title, text=text, created_at=clock.now()
        )
        append_event(
            organisation,
            kind="appeal.opened",
            actor=actor.name,
            data={"appeal": slug, "title": title},
        )
    return appeal


@acts(Route.SELF)
def sign_appeal(
    *,
    appeal: Appeal,
    name: str,
    email: str,
    region: Region | None,
    local_group: Affiliate | None,
) -> Signup:
    """Anyone may sign; the signature counts only once its email address is confirmed."""
    if not appeal.is_open:
        raise InvalidInput("This appeal is closed.")
    name = plain_name(name, what="name", field="name")
    if not name:
        raise InvalidInput("Please give your name.", field="name")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        signup = Signup.objects.create(
            organisation=appeal.organisation,
            appeal=appeal,
            name=name.strip(),
            email=email.strip().lower(),
            region=region,
            local_group=local_group,
            token_hash=token_hash(token),
            created_at=clock.now(),
        )
    path = reverse("members:confirm", kwargs={"org": appeal.organisation.slug, "token": token})
    link = settings.SITE_URL.rstrip("/") + path
    transaction.on_commit(
        lambda: send_mail(
            subject=f"Confirm your signature: {appeal.title}",
            message=(
                f"Hello {signup.name},\n\nPlease confirm that you signed '{appeal.title}' "
                f"and set your password here:\n\n{link}\n\n"
                "If you did not sign, ignore this message and nothing will be recorded."
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[signup.email],
        )
    )
    return signup


@acts(Route.SELF)
def confirm_signup(*, organisation: Organisation, token: str, password: str) -> Member:
    """Confirming the email gives the signatory a login and makes them a member, or, when the
    constitution has an ``[admission]`` rule, an applicant its route may admit
    (services_admission.py)."""
    with transaction.atomic():
        signup = signup_for_token(organisation, token)
        Signup.objects.select_for_update().filter(pk=signup.pk).get()
        # The login model is accounts', above the register; Django names it for us.
        users = get_user_model().objects
        user = users.filter(email__iexact=signup.email).first()
        if user is None:
            user = users.create_user(signup.email, password)
        elif not user.check_password(password):
            raise InvalidInput(
                "You already have an account with this email address: enter its password.",
                field="password",
            )
        member = Member.objects.filter(
            organisation=organisation, email__iexact=signup.email
        ).first()
        if member is None:
            # Under an [admission] rule a sign-up is an applicant until the constitution's
            # route admits them; without one, confirming is joining.
            applying = organisation.constitution.admission is not None
            member = Member.objects.create(
                organisation=organisation,
                user=user,
                name=signup.name,
                email=signup.email,
                region=signup.region,
                local_group=signup.local_group,
                joined_on=clock.today(),
                status=Member.Status.APPLICANT if applying else Member.Status.ACTIVE,
            )
            _record_joined(
                organisation, member, actor="the member", via=f"appeal:{signup.appeal.slug}",
                applied=applying,
            )
        elif member.user_id is None:
            member.user = user
            member.save(update_fields=["user"])
        signup.confirmed_at = clock.now()
        signup.member = member
        signup.save(update_fields=["confirmed_at", "member"])
        append_event(
            organisation,
            kind="appeal.signed",
            actor=None,
            data={"appeal": signup.appeal.slug, "member": member.pk},
        )
    return member


@acts(Route.TWO_OFFICERS, power="manage-register")
def erase_member(actor: Actor, *, organisation: Organisation, member: Member) -> Member:
    """Delete a member's personal data and its salts; public roles keep only the name.

    Called only when a two-person action is confirmed (see members.sensitive).
    """
    with transaction.atomic():
        member.email = ""
        member.phone = ""
        member.address = ""
        if member.status != Member.Status.RESIGNED:
            states.move(member, Member.Status.RESIGNED)
        member.left_on = member.left_on or clock.today()
        member.erased_at = clock.now()
        # Office holders' names are public record already; others' names go too.
        if not member.seats.exists():
            member.name = f"Former member {member.pk}"
        user = member.user
        member.user = None
        member.save()
        if user is not None and not user.memberships.exists():
            user.delete()
        erased = erase_salts(organisation, subject=_member_subject(member))
        append_event(
            organisation,
            kind="member.erased",
            actor=actor.name,
            data={"member": member.pk, "salts_erased": erased},
        )
    return member


@acts(Route.OFFICE, power="manage-register")
@transaction.atomic
def set_affiliate_contact(actor: Member, *, organisation: Organisation, affiliate: Affiliate,
                          contact: Member) -> Affiliate:
    """Record the member an affiliate names as its contact: the one who nominates its
    representatives and delegates (rule 3.4 of the demo)."""
    require_power(organisation, actor, "manage-register")
    if affiliate.organisation_id != organisation.pk or contact.organisation_id != organisation.pk:
        raise NotFound("No such affiliate or member.")
    if affiliate.disaffiliated_on is not None:
        raise InvalidInput(f"{affiliate.name} is no longer affiliated.")
    if contact.status != Member.Status.ACTIVE:
        raise InvalidInput(f"{contact.name} is not an active member.", field="contact")
    affiliate.contact = contact
    affiliate.save(update_fields=["contact"])
    append_event(organisation, kind="affiliate.contact_named", actor=actor.name,
                 data={"affiliate": affiliate.name, "member": contact.pk})
    return affiliate


@acts(Route.SELF, Route.OFFICE, power="manage-register")
@transaction.atomic
def record_public_office(actor: Member, *, organisation: Organisation, member: Member,
                         holds: bool, office: str = "") -> Member:
    """Record whether ``member`` holds a public office: their own declaration, or an officer
    with the register power. Only members so recorded may hold a public-office seat."""
    if member.organisation_id != organisation.pk:
        raise NotFound("No such member.")
    if actor.pk != member.pk:
        require_power(organisation, actor, "manage-register")
    office = office.strip()
    if holds and not office:
        raise InvalidInput("Say which public office, e.g. 'Councillor, Leeds City Council'.",
                           field="office")
    if len(office) > 200 or any(ord(ch) < 32 for ch in office):
        raise InvalidInput("Give the office in one line of at most 200 characters.",
                           field="office")
    member.public_office_holder = holds
    member.save(update_fields=["public_office_holder"])
    append_event(organisation, kind="member.public_office", actor=actor.name, data={
        "member": member.pk, "holds": holds, "office": office if holds else "",
        "by": "self" if actor.pk == member.pk else "register",
    })
    return member
