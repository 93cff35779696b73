"""Dues: payments recorded by officers with the power, lapsing on the timetable past the grace
period of rule 2.4, off every future roll, and on the record as counts, never names."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from openassembly.core import clock, schedule
from openassembly.core.actors import System
from openassembly.core.errors import Conflict, InvalidInput, PowerDenied
from openassembly.core.models import LedgerEvent
from openassembly.members.compliance import lapsing
from openassembly.members.models import DuesPayment, Member, StandingChange
from openassembly.members.services_dues import lapse_members_in_arrears, record_dues_payment

# Seats start the day before the real today, so the tests run from today on.
TODAY = date.today()
JOINED = TODAY - timedelta(days=30)


def day(n: int) -> date:
    return JOINED + timedelta(days=n)


def _words(d: date) -> str:
    return f"{d:%-d %B %Y}"


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=12))


@pytest.fixture
def roll(organisation, secretary, chair, make_person):
    """Officers and four members who joined 30 days ago, nothing paid yet."""
    people = [make_person(f"Member {i}", f"m{i}@example.org") for i in range(4)]
    Member.objects.filter(organisation=organisation).update(joined_on=JOINED)
    for person in [secretary, chair, *people]:
        person.refresh_from_db()
    return people


def _pay(actor, organisation, member, pence=1200, on=JOINED):
    return record_dues_payment(actor, organisation=organisation, member=member,
                               amount_pence=pence, paid_on=on)


def test_a_payment_moves_the_paid_up_date_and_is_public_only_as_a_commitment(
        organisation, secretary, roll):
    with clock.frozen_at(_at(TODAY)):
        payment = _pay(secretary, organisation, roll[0], 2400, day(17))
    roll[0].refresh_from_db()
    two_years = JOINED.replace(year=JOINED.year + 2) if (JOINED.month, JOINED.day) != (2, 29) \
        else date(JOINED.year + 2, 2, 28)
    assert (payment.paid_from, payment.paid_to) == (JOINED, two_years)
    assert roll[0].dues_paid_to == two_years
    event = LedgerEvent.objects.get(kind="member.dues_paid")
    assert set(event.data) == {"payment", "rule"} and event.data["rule"] == "2.3"
    assert event.data["payment"].startswith("c1:") and "2400" not in str(event.data)
    assert roll[0].name not in str(event.data)


def test_the_treasurer_may_record_dues_and_the_chair_may_not(
        organisation, roll, chair, make_person, seat_on):
    treasurer = seat_on(make_person("Tre Asurer", "treasurer@example.org"), "organising-group",
                        "treasurer")
    with clock.frozen_at(_at(TODAY)):
        _pay(treasurer, organisation, roll[1], on=TODAY)
        with pytest.raises(PowerDenied, match="record-dues"):
            _pay(chair, organisation, roll[2], on=TODAY)
    assert not DuesPayment.objects.filter(member=roll[2]).exists()
    assert LedgerEvent.objects.filter(kind="power.refused").get().data["power"] == "record-dues"


@pytest.mark.parametrize("pence, on, field, message", [
    (1000, TODAY, "amount", r"Rule 2\.3 sets dues at £12\.00 for 12 months"),
    (0, TODAY, "amount", "not a whole number"),
    (1200 * 11, TODAY, "amount", "more than 10"),
    (1200, TODAY + timedelta(days=1), "paid_on", "once it is made"),
    (1200, JOINED - timedelta(days=1), "paid_on", "before the member joined"),
])
def test_bad_payments_are_refused_by_the_field(organisation, secretary, roll, pence, on, field,
                                               message):
    with clock.frozen_at(_at(TODAY)), pytest.raises(InvalidInput, match=message) as e:
        _pay(secretary, organisation, roll[0], pence, on)
    assert e.value.field == field
    assert not DuesPayment.objects.exists()


def _lapse_by_tick(work) -> None:
    schedule.tick()
    assert "lapse_in_arrears" in work()


def test_members_in_arrears_lapse_on_the_timetable_and_leave_the_rolls(
        organisation, secretary, chair, roll, work, body_of):
    from openassembly.meetings.constitution import voting_members

    with clock.frozen_at(_at(TODAY)):
        for paid in (secretary, chair, roll[0]):
            _pay(secretary, organisation, paid, on=TODAY)
    # The others owe from the day they joined; rule 2.4 gives 60 days' grace, and they lapse
    # on the 61st day.
    with clock.frozen_at(_at(day(60))):
        assert schedule.tick().get("members lapsed") == 0
        findings = lapsing(organisation, clock.now())
        assert [f.subject for f in findings] == ["3 members in arrears"]
        assert findings[0].at_risk and _words(day(61)) in findings[0].reason
    with clock.frozen_at(_at(day(61))):
        breach = lapsing(organisation, clock.now())
        assert not breach[0].ok and breach[0].subject.startswith("3 members past the grace")
        _lapse_by_tick(work)
        statuses = dict(Member.objects.values_list("email", "status"))
        assert [statuses[m.email] for m in roll] == ["active", "lapsed", "lapsed", "lapsed"]
        assert statuses[secretary.email] == "active"
        event = LedgerEvent.objects.get(kind="members.lapsed")
        assert (event.data["count"], event.data["on"], event.data["rule"]) == (
            3, day(61).isoformat(), "2.4")
        assert event.actor == "the timetable" and "m1@example.org" not in str(event.data)
        assert schedule.tick().get("members lapsed") == 0  # nobody lapses twice
        findings = lapsing(organisation, clock.now())
        assert [(f.ok, f.subject) for f in findings] == [
            (True, f"3 members lapsed on {_words(day(61))}")]
        roll_ids = set(voting_members(body_of("members")))
        assert roll[0].pk in roll_ids and not {m.pk for m in roll[1:]} & roll_ids


def test_a_lapsed_member_is_not_on_an_election_roll(organisation, roll):
    from openassembly.ballots.services.polls import _eligible

    class Poll:  # what the roll query reads of a poll: a members' ballot of every region
        roll_region_id = None
        kind = "referendum"

    poll = Poll()
    poll.organisation, poll.roll_date = organisation, day(400)
    with clock.frozen_at(_at(day(100))):
        assert lapse_members_in_arrears(System("the timetable"), organisation=organisation) == 6
        on_roll = set(_eligible(poll).values_list("pk", flat=True))
    assert on_roll == set()


def test_paying_within_grace_keeps_the_dates_and_a_lapsed_member_renews_from_payment(
        organisation, secretary, chair, roll):
    with clock.frozen_at(_at(TODAY)):
        for paid in (secretary, chair):
            _pay(secretary, organisation, paid, on=TODAY)
        payment = _pay(secretary, organisation, roll[0], on=TODAY)
    assert payment.paid_from == JOINED  # arrears paid: the year runs from joining
    with clock.frozen_at(_at(day(70))):
        assert lapse_members_in_arrears(System("the timetable"), organisation=organisation) == 3
        roll[1].refresh_from_db()
        assert roll[1].status == Member.Status.LAPSED
        payment = _pay(secretary, organisation, roll[1], on=day(70))
    roll[1].refresh_from_db()
    assert (roll[1].status, payment.paid_from) == (Member.Status.ACTIVE, day(70))
    renewed = LedgerEvent.objects.get(kind="member.standing_changed")
    assert (renewed.data["change"], renewed.data["rule"], renewed.data["decision"]) == (
        "renewed", "2.3", None)
    assert StandingChange.objects.filter(member=roll[1]).count() == 2


def test_an_expelled_member_pays_no_dues(organisation, secretary, roll):
    Member.objects.filter(pk=roll[0].pk).update(status=Member.Status.EXPELLED)
    with clock.frozen_at(_at(TODAY)), pytest.raises(Conflict, match="expelled"):
        _pay(secretary, organisation, roll[0], on=TODAY)


def test_an_organisation_without_dues_lapses_nobody(db):
    from openassembly.core.services import create_organisation
    from openassembly.rules import examples

    text = examples.read("commonweal").replace('slug = "commonweal"', 'slug = "no-dues"')
    text = text[:text.index("[dues]")] + text[text.index("[discipline]"):]
    organisation = create_organisation(System("tests"), constitution_text=text)
    assert organisation.constitution.dues is None
    Member.objects.create(organisation=organisation, name="Never Paid", email="n@example.org",
                          joined_on=JOINED)
    with clock.frozen_at(_at(day(1000))):
        assert lapse_members_in_arrears(System("the timetable"), organisation=organisation) == 0
        assert lapsing(organisation, clock.now()) == []
    assert Member.objects.get(email="n@example.org").status == Member.Status.ACTIVE


def test_a_constitution_that_grants_no_one_the_power_refuses_everyone(db):
    from openassembly.core.services import create_organisation
    from openassembly.rules import examples

    text = examples.read("commonweal").replace('slug = "commonweal"', 'slug = "no-power"')
    text = text.replace('name = "record-dues"', 'name = "record-subscriptions"')
    organisation = create_organisation(System("tests"), constitution_text=text)
    member = Member.objects.create(organisation=organisation, name="Payer", email="p@x.org",
                                   joined_on=JOINED)
    with pytest.raises(PowerDenied, match="gives nobody the power 'record-dues'"):
        _pay(member, organisation, member, on=TODAY)
    assert not DuesPayment.objects.exists()
