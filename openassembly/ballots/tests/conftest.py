"""Fixtures for ballots: a region of voters, an election at each stage of its timetable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from openassembly.core import clock


@dataclass
class Timetable:
    start: datetime

    @property
    def nominations_open(self) -> datetime:
        return self.start

    @property
    def nominations_close(self) -> datetime:
        return self.start + timedelta(days=14)

    @property
    def opens(self) -> datetime:
        return self.start + timedelta(days=15)

    @property
    def closes(self) -> datetime:
        return self.start + timedelta(days=22)

    def during_nominations(self):
        return clock.frozen_at(self.start + timedelta(days=1))

    def after_nominations(self):
        return clock.frozen_at(self.nominations_close + timedelta(hours=1))

    def during_voting(self):
        return clock.frozen_at(self.opens + timedelta(hours=1))

    def after_voting(self):
        return clock.frozen_at(self.closes + timedelta(hours=1))


@pytest.fixture
def timetable() -> Timetable:
    # Members in the shared cast join today, so the roll date (voting day) comes after.
    now = timezone.now().replace(microsecond=0)
    return Timetable(start=now + timedelta(hours=1))


@pytest.fixture
def east(organisation):
    from openassembly.members.models import Region

    return Region.objects.get(organisation=organisation, name="East")


@pytest.fixture
def make_voter(organisation, east):
    from openassembly.accounts.models import User
    from openassembly.members.models import Member

    def make(name: str, *, region=east, public_office: bool = False, user: bool = True):
        email = name.lower().replace(" ", ".") + "@voters.example"
        return Member.objects.create(
            organisation=organisation,
            user=User.objects.create_user(email, "correct horse battery") if user else None,
            name=name,
            email=email,
            region=region,
            joined_on=clock.today() - timedelta(days=28),
            public_office_holder=public_office,
        )

    return make


@pytest.fixture
def voters(make_voter):
    names = ["Ada Abbot", "Bram Bryn", "Cerys Castell", "Dev Dale", "Elin Ellis", "Femi Fenwick",
             "Gwen Garth", "Hari Hollin", "Iona Ince"]
    return [make_voter(name) for name in names]


@pytest.fixture
def announced(secretary, organisation, east, timetable):
    """The East regional election (4 places, ERS97 STV), announced and not yet open."""
    from openassembly.ballots import services

    with clock.frozen_at(timetable.start - timedelta(minutes=30)):
        return services.create_election(
            secretary,
            organisation=organisation,
            key="regional",
            region=east,
            nominations_open_at=timetable.nominations_open,
            nominations_close_at=timetable.nominations_close,
            opens_at=timetable.opens,
            closes_at=timetable.closes,
            roll_date=timetable.opens.date(),
        )


@pytest.fixture
def nominated(announced, secretary, voters, timetable):
    """Five candidates standing; four validly nominated (two nominators), one with only one."""
    from openassembly.ballots import services

    election = announced
    with timetable.during_nominations():
        services.open_nominations(secretary, election=election)
        candidates = voters[:5]
        for index, candidate in enumerate(candidates):
            candidacy = services.stand(
                candidate, election=election, statement=f"I am {candidate.name}; vote for me."
            )
            supporters = voters[5:7] if index < 4 else voters[5:6]
            for supporter in supporters:
                services.nominate(supporter, candidacy=candidacy)
    with timetable.after_nominations():
        services.close_nominations(secretary, election=election)
    election.poll.refresh_from_db()
    return election


@pytest.fixture
def voting(nominated, secretary, timetable):
    from openassembly.ballots import services

    with timetable.during_voting():
        services.open_voting(secretary, poll=nominated.poll)
    nominated.poll.refresh_from_db()
    return nominated.poll
