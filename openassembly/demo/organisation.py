"""The demo organisation: a fictional alliance shaped like the ones in the domain brief."""

from __future__ import annotations

import random
import secrets
from datetime import date, timedelta

from django.db import transaction

from openassembly.accounts.models import User
from openassembly.accounts.services import propose_sensitive_action
from openassembly.bodies.models import SeatGroup, SeatHolding
from openassembly.bodies.selectors import way_of_group
from openassembly.bodies.services import nominate_to_seat, record_founding, seat_founder
from openassembly.core import clock
from openassembly.core.actors import System
from openassembly.core.models import Organisation
from openassembly.core.services import create_organisation
from openassembly.members import services as members
from openassembly.members.models import (
    Affiliate,
    AffiliationFee,
    Appeal,
    Member,
    Region,
    Signup,
)
from openassembly.members.selectors import token_hash
from openassembly.rules import examples

from .ballots import load_ballots_demo
from .meetings import deliver_mail, load_demo_meetings
from .register import load_dues_demo
from .scenarios import load_scenarios_demo

FIRST = [
    "Ada",
    "Bram",
    "Cerys",
    "Dev",
    "Elin",
    "Femi",
    "Gwen",
    "Hari",
    "Iona",
    "Jago",
    "Kemi",
    "Lowri",
    "Mo",
    "Nia",
    "Osian",
    "Priya",
    "Rhys",
    "Sian",
    "Tomos",
    "Uma",
    "Vik",
    "Wyn",
    "Yara",
    "Zac",
    "Aled",
    "Bethan",
    "Cai",
    "Dilys",
    "Efa",
    "Fraser",
]
LAST = [
    "Abbot",
    "Bryn",
    "Castell",
    "Dale",
    "Ellis",
    "Fenwick",
    "Garth",
    "Hollin",
    "Ince",
    "Jessop",
    "Kell",
    "Lusk",
    "Marr",
    "Nairn",
    "Orme",
    "Penrose",
    "Quarry",
    "Rook",
    "Selby",
    "Tarn",
    "Usk",
    "Vane",
    "Wold",
    "Yeld",
]
UNIONS = [
    ("Union of Care Workers", "care-workers"),
    ("Transport and Docks Union", "transport"),
    ("Teachers' Union", "teachers"),
]
ORGANISATIONS = [
    ("Clean Air Campaign", "clean-air"),
    ("Tenants Together", "tenants"),
    ("Fair Pay Network", "fair-pay"),
]
LOCAL_GROUPS = [
    ("Northfield", "North"),
    ("Southmere", "South"),
    ("Eastbrook", "East"),
    ("Westgate", "West"),
    ("Caerwen", "Wales"),
    ("Riverside", "North"),
]

OFFICER_EMAIL = "secretary@commonweal.example"
SECOND_OFFICER_EMAIL = "chair@commonweal.example"
TREASURER_EMAIL = "treasurer@commonweal.example"
MEMBER_EMAIL = "member@commonweal.example"
APPLICANT_EMAIL = "applicant@commonweal.example"
DEMO_PASSWORD = "assembly-demo-2026"  # noqa: S105 - printed for the demo, never used elsewhere
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - demo officers only


@transaction.atomic
def load_demo(*, members_count: int = 240, seed: int = 2026) -> Organisation:
    rng = random.Random(seed)
    organisation = create_organisation(
        System("the founding conference"),
        constitution_text=examples.read("commonweal")
    )
    start = clock.today() - timedelta(days=400)
    regions = {r.name: r for r in Region.objects.filter(organisation=organisation)}
    secretary = _member(organisation, "Morwen Ashby", OFFICER_EMAIL, regions["Wales"], start)
    chair = _member(organisation, "Tobias Crane", SECOND_OFFICER_EMAIL, regions["North"], start)
    treasurer = _member(
        organisation, "Leila Okafor", TREASURER_EMAIL, regions["South"], start
    )
    founders = System("the founding conference")
    for officer, seat in ((secretary, "secretary"), (chair, "chair"), (treasurer, "treasurer")):
        group = SeatGroup.objects.get(
            body__organisation=organisation, body__key="organising-group", seat_key=seat
        )
        # Rule 4.4: the founders name the first officers, who serve until the Organising
        # Group first elects its own (rule 4.2); the compliance page flags that it has not yet.
        seat_founder(founders, organisation=organisation, seat_group=group, member=officer,
                     starts_on=start)
        officer.user.totp_secret = DEMO_TOTP_SECRET
        officer.user.totp_confirmed_at = clock.now()
        officer.user.save()
    for name, slug in UNIONS:
        affiliate = members.add_affiliate(
            secretary,
            organisation=organisation,
            kind="union",
            name=name,
            slug=slug,
            affiliated_on=start,
        )
        if slug != "teachers":
            members.record_affiliation_fee(
                secretary,
                organisation=organisation,
                affiliate=affiliate,
                year=clock.today().year,
                amount_pence=50000,
                paid_on=start,
            )
    for name, slug in ORGANISATIONS:
        members.add_affiliate(
            secretary,
            organisation=organisation,
            kind="national-organisation",
            name=name,
            slug=slug,
            affiliated_on=start,
        )
    groups = []
    for name, region in LOCAL_GROUPS:
        groups.append(
            members.add_affiliate(
                secretary,
                organisation=organisation,
                kind="local-group",
                name=f"{name} group",
                slug=name.lower(),
                region=regions[region],
                affiliated_on=start,
            )
        )
    you = _member(organisation, "Sam Rivers", MEMBER_EMAIL, regions["East"], start)
    you.local_group = groups[2]
    you.save(update_fields=["local_group"])
    roll = []
    for i in range(members_count):
        group = rng.choice(groups)
        roll.append(
            Member(
                organisation=organisation,
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                email=f"person{i}@members.example",
                region=group.region,
                local_group=group,
                # Joined at least 81 days ago: past rule 2.8's qualifying period for every
                # ballot, petition, draw and requisition the demo records in its past.
                joined_on=start - timedelta(days=60) + timedelta(days=rng.randrange(380)),
                public_office_holder=rng.random() < 0.03,
            )
        )
    Member.objects.bulk_create(roll)
    _fill_seats(organisation, rng, start, secretary=secretary)
    record_founding(founders, organisation=organisation)
    load_dues_demo(organisation, treasurer=treasurer, seed=seed)
    appeal = members.create_appeal(
        secretary,
        organisation=organisation,
        slug="join",
        title="Join the Commonweal Alliance",
        text="Add your name to the alliance of local groups, unions and campaigns working "
        "for fair pay, clean air and homes people can afford.",
    )
    load_ballots_demo(organisation, officer=secretary, seed=seed)
    load_demo_meetings(organisation, secretary=secretary, chair=chair, seed=seed)
    load_scenarios_demo(organisation, by=secretary)
    _export_for_the_auditors(organisation, secretary)
    _applicant(organisation, appeal, regions["Wales"])
    return organisation


def _export_for_the_auditors(organisation: Organisation, secretary: Member) -> None:
    """Yesterday the secretary proposed a full export for the auditors; it waits for a second
    officer (rule 11.3), on the chair's and the treasurer's start pages and in their mail."""
    with clock.frozen_at(clock.now() - timedelta(days=1)):
        propose_sensitive_action(
            secretary, organisation=organisation, kind="full-export", payload={},
            reason="The auditors check this year's register of members against the dues "
                   "recorded.")
        deliver_mail()


def _applicant(organisation: Organisation, appeal: Appeal, region: Region) -> Member:
    """Someone who signed the appeal two days ago and confirmed their address: an applicant
    awaiting the secretary's or the chair's decision (rule 2.7), on no roll meanwhile."""
    token = secrets.token_urlsafe(32)
    signed = clock.now() - timedelta(days=2)
    # What sign_appeal records, with the token kept here rather than mailed, so the demo can
    # follow the link the applicant would have clicked.
    Signup.objects.create(organisation=organisation, appeal=appeal, name="Rhian Pryce",
                          email=APPLICANT_EMAIL, region=region, token_hash=token_hash(token),
                          created_at=signed)
    with clock.frozen_at(signed + timedelta(hours=1)):
        return members.confirm_signup(organisation=organisation, token=token,
                                      password=DEMO_PASSWORD)


def _member(
    organisation: Organisation, name: str, email: str, region: Region, joined: date
) -> Member:
    user = User.objects.create_user(email, DEMO_PASSWORD)
    return Member.objects.create(
        organisation=organisation,
        user=user,
        name=name,
        email=email,
        region=region,
        joined_on=joined,
    )


def _fill_seats(organisation: Organisation, rng: random.Random, start: date, *,
                secretary: Member) -> None:
    """Fill most seats by their routes, leaving some vacancies so the diagrams show both: the
    founders name the Coordinating Group's first elected members (rule 4.4), each affiliate's
    contact nominates its representatives and delegates (rule 3.4)."""
    pool = list(Member.objects.filter(organisation=organisation, user=None))
    rng.shuffle(pool)
    founders = System("the founding conference")
    for affiliate in Affiliate.objects.filter(organisation=organisation).order_by("pk"):
        members.set_affiliate_contact(secretary, organisation=organisation, affiliate=affiliate,
                                      contact=pool.pop())
    # Affiliates renewed their nominations four months ago, within every body's term and
    # before the meetings the demo records.
    nominated_on = clock.today() - timedelta(days=120)
    for group in SeatGroup.objects.filter(
        organisation=organisation, active=True, officer=False
    ).select_related("body", "affiliate"):
        if group.body.kind == "all-members":
            continue
        for _ in range(group.places):
            if rng.random() < 0.2 or not pool:
                continue
            if group.kind == SeatGroup.Kind.NOMINATED:
                affiliate = group.affiliate or _shared_nominator(organisation, group)
                nominate_to_seat(affiliate.contact, organisation=organisation, seat_group=group,
                                 member=pool.pop(), starts_on=nominated_on)
                continue
            way = way_of_group(organisation, group)
            eligible = [m for m in pool if way.route != "public-office" or m.public_office_holder]
            if not eligible:
                continue
            pool.remove(member := eligible[-1])
            seat_founder(founders, organisation=organisation, seat_group=group, member=member,
                         starts_on=start)


def _shared_nominator(organisation: Organisation, group: SeatGroup) -> Affiliate:
    """For places shared among every affiliate of a kind, the affiliates take turns."""
    kind = organisation.constitution.body(group.body.key).seat(group.seat_key).nominated_by
    paid = AffiliationFee.objects.filter(year=clock.today().year).values("affiliate_id")
    candidates = Affiliate.objects.filter(organisation=organisation, kind=kind,
                                          disaffiliated_on=None).order_by("pk")
    if organisation.constitution.body(group.body.key).seat(group.seat_key).requires_fee:
        candidates = candidates.filter(pk__in=paid)
    taken = SeatHolding.objects.filter(seat_group=group).count()
    choices = list(candidates)
    return choices[taken % len(choices)]
