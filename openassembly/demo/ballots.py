"""The demo's elections, members' ballot, petitions and draw, at different stages.

Called at the end of `demo.organisation.load_demo`. Past events run under a frozen clock so
that the timetable rules hold exactly as they would have at the time.
"""

from __future__ import annotations

import random
from datetime import timedelta

from openassembly.ballots import services
from openassembly.ballots.mail import carry_out
from openassembly.ballots.models import Task
from openassembly.ballots.selectors import threshold
from openassembly.core import clock
from openassembly.core.actors import System
from openassembly.core.models import Organisation
from openassembly.counting.seed import commitment
from openassembly.members import eligibility
from openassembly.members import services as member_services
from openassembly.members.models import Member, Region

# The demo's members have made-up addresses, so its mail is counted but sent nowhere.
NO_MAIL = "django.core.mail.backends.dummy.EmailBackend"

STATEMENTS = [
    "I have organised the Caerwen tenants' group for six years. I will report back after "
    "every meeting of the Coordinating Group.",
    "A care worker and union rep: I want the Alliance's campaigns to reach every workplace.",
    "Clean air in every valley town: I will put our air-quality campaign on every agenda.",
    "I will publish how I vote, and hold a members' meeting in each county twice a year.",
    "Fair pay and homes people can afford, won by members who decide for themselves.",
    "Our region needs a voice that listens: I will hold open surgeries online and in person.",
]

# Candidates for the public office holders' seats (rule 5.3): councillors, by rule 2.6.
COUNCILLORS = [
    "A town councillor for eight years: I will bring what the council decides back to members.",
    "As a county councillor I sit on the transport committee; fair fares start there.",
    "I chair my council's housing scrutiny panel and will report every quarter.",
    "A parish councillor and school governor: decisions made close to the people they affect.",
    "I will publish every vote I cast, on the council and on the Coordinating Group.",
    "A new councillor who organised the tenants' campaign that elected me.",
]

OFFICES = ["Councillor, Eastbrook Town Council", "Councillor, Northfield District Council",
           "Councillor, Caerwen County Council", "Councillor, Southmere Parish Council",
           "Councillor, Westgate Borough Council", "Councillor, Riverside Town Council"]


def load_ballots_demo(organisation: Organisation, *, officer: Member, seed: int = 2026) -> None:
    rng = random.Random(seed)
    _declared_election(organisation, officer, rng)
    _election_in_nominations(organisation, officer, rng)
    _members_ballot(organisation, officer, rng)
    _open_petition(organisation, rng)
    _draw(organisation, officer, rng)
    # Its own generator, so the stages above draw exactly what they drew before it was added.
    _election_in_voting(organisation, officer, random.Random(seed + 13))
    # The past's mail is carried out here, so the pages show it sent; the worker, given the
    # same runs, finds nothing left to do.
    for pk in Task.objects.filter(status=Task.Status.QUEUED).values_list("pk", flat=True):
        carry_out(pk, email_backend=NO_MAIL)


def _region(organisation: Organisation, name: str):
    return Region.objects.get(organisation=organisation, name=name)


def _members(organisation: Organisation, **filters) -> list[Member]:
    return list(Member.objects.filter(organisation=organisation, status="active", **filters)
                .order_by("pk"))


def _declared_election(organisation, officer, rng) -> None:
    """Wales elected its four regional members six weeks ago; the count is published."""
    wales = _region(organisation, "Wales")
    start = clock.now() - timedelta(days=45)
    with clock.frozen_at(start):
        election = services.create_election(
            officer, organisation=organisation, key="regional", region=wales,
            nominations_open_at=start, nominations_close_at=start + timedelta(days=14),
            opens_at=start + timedelta(days=15), closes_at=start + timedelta(days=22),
            roll_date=(start + timedelta(days=15)).date(),
        )
        services.open_nominations(officer, election=election)
    # The roll as open_voting fixes it: qualified to vote on the roll date (rule 2.8).
    roll = list(eligibility.qualified(organisation, "vote", election.poll.roll_date)
                .filter(region=wales).order_by("pk"))
    candidates = rng.sample(roll, 6)
    others = [m for m in roll if m not in candidates]
    with clock.frozen_at(start + timedelta(days=2)):
        candidacies = [services.stand(m, election=election, statement=text)
                       for m, text in zip(candidates, STATEMENTS, strict=True)]
        for candidacy in candidacies:
            for nominator in rng.sample(others, 2):
                services.nominate(nominator, candidacy=candidacy)
        slate = services.create_slate(
            others[0], election=election, name="Valleys Together",
            platform="Publish every vote; meet members in every county; fund local groups "
            "before head office.",
        )
        for candidacy in candidacies[:3]:
            services.sign_slate(candidacy.member, slate=slate)
        questionnaire = services.create_questionnaire(
            others[1], election=election, title="Housing", set_by="Caerwen tenants' group",
            questions=["Will you campaign for rent controls?",
                       "Will you attend our open meeting before the vote?"],
        )
        for candidacy in candidacies[:4]:
            for question in questionnaire.questions.all():
                services.answer_question(candidacy.member, question=question,
                                         text=rng.choice(["Yes.", "Yes, gladly.",
                                                          "Yes, if the group invites me."]))
    with clock.frozen_at(start + timedelta(days=14, hours=1)):
        services.close_nominations(officer, election=election)
    poll = election.poll
    choices = list(poll.choices.order_by("position"))
    weights = [5, 4, 3, 3, 2, 1]
    with clock.frozen_at(start + timedelta(days=15, hours=1)):
        poll = services.open_voting(officer, poll=poll)
        for voter in roll:
            if rng.random() > 0.72:
                continue
            order = sorted(choices, key=lambda c: -weights[c.position - 1] * rng.random())
            depth = rng.choice([1, 2, 3, 3, 4, 6])
            services.cast_ballot(voter, poll=poll, marks=[c.position for c in order[:depth]])
    with clock.frozen_at(start + timedelta(days=22, hours=2)):
        poll = services.close_voting(officer, poll=poll)
        poll = services.count_poll(officer, poll=poll)
        services.declare_result(officer, poll=poll)


def _election_in_nominations(organisation, officer, rng) -> None:
    """The East's election is open for nominations now: the demo member can stand."""
    east = _region(organisation, "East")
    start = clock.now() - timedelta(days=3)
    with clock.frozen_at(start):
        election = services.create_election(
            officer, organisation=organisation, key="regional", region=east,
            nominations_open_at=start, nominations_close_at=start + timedelta(days=14),
            opens_at=start + timedelta(days=15), closes_at=start + timedelta(days=22),
            roll_date=(start + timedelta(days=15)).date(),
        )
        services.open_nominations(officer, election=election)
    roll = _members(organisation, region=east, user=None)
    with clock.frozen_at(start + timedelta(days=1)):
        for member, text in zip(rng.sample(roll, 3), STATEMENTS[3:], strict=True):
            candidacy = services.stand(member, election=election, statement=text)
            for nominator in rng.sample([m for m in roll if m != member], rng.choice([1, 2])):
                services.nominate(nominator, candidacy=candidacy)


def _election_in_voting(organisation, officer, rng) -> None:
    """All members elect the Coordinating Group's four public office holders (rule 5.3), the
    first election of those seats since the founders named their holders (rule 4.4): announced
    eighteen days ago, nominations open fourteen days and voting seven (rule 13.1). Voting has
    been open three days; some members have voted, the demo member has not yet."""
    start = clock.now() - timedelta(days=18)
    with clock.frozen_at(start):
        election = services.create_election(
            officer, organisation=organisation, key="public-office",
            nominations_open_at=start, nominations_close_at=start + timedelta(days=14),
            opens_at=start + timedelta(days=15), closes_at=start + timedelta(days=22),
            roll_date=(start + timedelta(days=15)).date(),
        )
        services.open_nominations(officer, election=election)
    qualified = list(eligibility.qualified(organisation, "stand", start.date())
                     .filter(user=None).order_by("pk"))
    # Only members recorded as holding public office may stand (rule 5.3); one of each name,
    # so no two lines of the ballot paper read alike.
    names: set[str] = set()
    standing = []
    for member in qualified:
        if member.public_office_holder and member.name not in names:
            names.add(member.name)
            standing.append(member)
    others = [m for m in qualified if not m.public_office_holder]
    # A smaller demo register may hold too few councillors for a contest; members then say in
    # their own details that they hold public office (rule 2.6), a month before the election.
    with clock.frozen_at(start - timedelta(days=30)):
        for member, office in zip(others[::-1], OFFICES, strict=False):
            if len(standing) >= len(COUNCILLORS):
                break
            if member.name in names:
                continue
            member_services.record_public_office(member, organisation=organisation, member=member,
                                         holds=True, office=office)
            names.add(member.name)
            standing.append(member)
            others.remove(member)
    with clock.frozen_at(start + timedelta(days=3)):
        for member, text in zip(standing, COUNCILLORS, strict=False):
            candidacy = services.stand(member, election=election, statement=text)
            for nominator in rng.sample(others, 2):
                services.nominate(nominator, candidacy=candidacy)
    with clock.frozen_at(start + timedelta(days=14, hours=1)):
        services.close_nominations(officer, election=election)
    with clock.frozen_at(start + timedelta(days=15, hours=1)):
        poll = services.open_voting(officer, poll=election.poll)
    choices = list(poll.choices.order_by("position"))
    on_roll = set(poll.roll.values_list("member_id", flat=True))
    voters = [m for m in _members(organisation, user=None) if m.pk in on_roll]
    # A quarter of the roll has voted over the three days; the demo's logins have not.
    for i, voter in enumerate(rng.sample(voters, len(voters) // 4)):
        with clock.frozen_at(start + timedelta(days=15, hours=2 + i % 60)):
            order = sorted(choices, key=lambda c: rng.random())
            services.cast_ballot(voter, poll=poll, marks=[c.position for c in
                                                          order[:rng.choice([1, 2, 3, 4])]])


def _members_ballot(organisation, officer, rng) -> None:
    """A petition called a members' ballot, which opened itself on the constitution's
    timetable (rule 13.5: no officer opened it) and is open now with turnout shown live."""
    everyone = _members(organisation, user=None)
    started = clock.now() - timedelta(days=23)
    with clock.frozen_at(started):
        petition = services.start_petition(
            everyone[0], organisation=organisation, kind="member-ballot",
            title="Should the Alliance hold its conference twice a year?",
            text="Conference should meet every six months, so that members decide policy more "
            "often than once a year.",
        )
    signers = rng.sample(everyone[1:], 15)
    for i, signer in enumerate(signers):
        petition.refresh_from_db()
        if petition.status != "open":
            break
        with clock.frozen_at(started + timedelta(days=1, hours=i)):
            services.sign_petition(signer, petition=petition)
    petition.refresh_from_db()
    referendum = petition.referendum
    signed = set(petition.signatures.values_list("member_id", flat=True))
    others = [m for m in everyone if m.pk not in signed]
    with clock.frozen_at(petition.reached_at + timedelta(days=2)):
        services.write_statement(everyone[0], referendum=referendum, side="for",
                                 text="Twice a year means members set policy as events happen, "
                                 "not a year late.")
        # Two members who did not sign offer a case against; members co-sign the one they
        # want, and the one with most co-signers is chosen when statements are due.
        cost = services.offer_against_statement(
            others[0], referendum=referendum,
            text="A second conference costs the price of a year's campaigning; use online "
            "members' ballots instead.")
        timing = services.offer_against_statement(
            others[1], referendum=referendum,
            text="Six months is too short for local groups to debate motions properly.")
    with clock.frozen_at(petition.reached_at + timedelta(days=5)):
        for backer in others[2:9]:
            services.cosign_against_statement(backer, candidate=cost)
        for backer in others[9:12]:
            services.cosign_against_statement(backer, candidate=timing)
        services.appoint_scrutineer(officer, poll=referendum.poll, name="Civic Ballot Watch")
    # What `openassembly tick` does: the timetable chooses the statement and opens voting.
    timetable = System("the timetable")
    with clock.frozen_at(referendum.statements_due_at + timedelta(minutes=1)):
        services.choose_against_statement(timetable, referendum=referendum)
    poll = referendum.poll
    with clock.frozen_at(poll.opens_at + timedelta(minutes=1)):
        poll = services.open_voting(timetable, poll=poll)
        for voter in rng.sample(everyone, len(everyone) // 6):
            services.cast_ballot(voter, poll=poll, marks=[rng.choice([1, 1, 2])])


def _open_petition(organisation, rng) -> None:
    everyone = _members(organisation, user=None)
    petition = services.start_petition(
        everyone[3], organisation=organisation, kind="agenda",
        title="Put bus fares on the Coordinating Group's agenda",
        text="We ask the Coordinating Group to debate a campaign for capped bus fares.",
    )
    # Two signatures short of its threshold (its starter signed first): the demo member's
    # signature brings it within one, and the progress bar has something to show.
    for signer in rng.sample(everyone[4:], max(0, threshold(petition) - 3)):
        services.sign_petition(signer, petition=petition)


def _draw(organisation, officer, rng) -> None:
    members = _members(organisation, user=None)
    volunteers = rng.sample(members, 26)
    pool, witnesses = volunteers[:24], volunteers[24:]
    # Each party's value is made on their own device in life; here the demo's seeded generator
    # stands in for those devices, so the demo is the same every time it is built.
    values = {party.pk: f"{rng.getrandbits(256):064x}" for party in (officer, *witnesses)}
    with clock.frozen_at(clock.now() - timedelta(days=30)):
        sortition = services.announce_sortition(
            officer, organisation=organisation, title="Appeals panel",
            purpose="Five members drawn by lot hear appeals against decisions of the "
            "Organising Group.", places=5,
        )
        for party in (officer, *witnesses):
            services.commit_seed_value(party, sortition=sortition,
                                       commitment=commitment(values[party.pk]))
        for member in pool:
            services.join_pool(member, sortition=sortition)
    with clock.frozen_at(clock.now() - timedelta(days=23)):
        services.close_pool(officer, sortition=sortition)
    with clock.frozen_at(clock.now() - timedelta(days=22)):
        for party in (officer, *witnesses):
            services.reveal_seed_value(party, sortition=sortition, value=values[party.pk])
        services.draw(officer, sortition=sortition)
