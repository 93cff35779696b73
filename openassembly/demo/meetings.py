"""Demo meetings for `make demo`: one whose minutes never came, a properly run meeting, an
urgent one, one coming up, one the officers cancelled together, one the members requisitioned
and called themselves when the officers did not, and one in session now.

Everything goes through the same services a person would use, with the clock moved to when
each thing happened, so the demo's record (and its ledger) is what real use would produce.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from openassembly.accounts.services import confirm_sensitive_action
from openassembly.bodies.models import Body
from openassembly.core import clock
from openassembly.core.authority import Route, resolve
from openassembly.core.models import Organisation
from openassembly.mail import notices
from openassembly.mail.models import Notice
from openassembly.meetings import constitution, services, tasks
from openassembly.meetings.models import Decision, Mailing
from openassembly.members.models import Member


def _at(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _people(body: Body) -> list[Member]:
    ids = constitution.voting_members(body)
    return list(Member.objects.filter(pk__in=ids).order_by("name", "pk"))


# The demo's members have made-up addresses, so its mail is counted but sent nowhere.
NO_MAIL = "django.core.mail.backends.dummy.EmailBackend"


def deliver_mail() -> None:
    """Carry out the mail queued so far at the moment the clock shows, as a worker would have
    then: the notices reach the members when they were sent, and the record says so."""
    for pk in (Mailing.objects.filter(status=Mailing.Status.QUEUED).order_by("pk")
               .values_list("pk", flat=True)):
        tasks.carry_out(pk, email_backend=NO_MAIL)
    # Notices to one member (a second officer told of a two-officer act) go out the same way.
    for pk in (Notice.objects.filter(status=Notice.Status.QUEUED).order_by("pk")
               .values_list("pk", flat=True)):
        notices.carry_out(pk, email_backend=NO_MAIL)


def _hold(meeting, people: list[Member], rng: random.Random, *, online_share: float = 0.3):
    for person in people:
        mode = "online" if rng.random() < online_share else "in-person"
        services.attend(person, meeting=meeting, mode=mode)


def _vote(chair, motion, people: list[Member], pattern: tuple[int, int, int]):
    division = services.open_division(chair, motion=motion)
    choices = ["for"] * pattern[0] + ["against"] * pattern[1] + ["abstain"] * pattern[2]
    for person, choice in zip(people, choices, strict=False):
        services.cast_vote(person, division=division, choice=choice)
    return services.close_division(chair, division=division)


def load_demo_meetings(organisation: Organisation, *, secretary: Member, chair: Member,
                       seed: int = 2026) -> None:
    rng = random.Random(seed)
    today = clock.today()
    # The demo alliance was founded over a year ago (its seats date from then), so its bodies
    # were too; Conference, which meets yearly, has not met since, and the record says so.
    Body.objects.filter(organisation=organisation).update(
        established_on=today - timedelta(days=400))
    group = Body.objects.get(organisation=organisation, key="organising-group")
    coordinating = Body.objects.get(organisation=organisation, key="coordinating-group")

    # 0. The Coordinating Group's winter meeting, sixteen weeks ago: called and held by the
    #    book, voting 7-2-1, but its minutes were never published; the compliance page and the
    #    officers' start page say so (rule 6.5).
    winter = _at(today - timedelta(weeks=16), 18)
    with clock.frozen_at(winter - timedelta(days=8)):
        meeting = services.call_meeting(
            secretary, organisation=organisation, body=coordinating,
            title="Coordinating Group, winter", starts_at=winter,
            ends_at=winter + timedelta(hours=2), place="Friends Meeting House",
            online_url="https://meet.example.org/commonweal-cg", chair=chair,
            agenda=[("Campaign priorities", "Which campaigns the Alliance leads this year.")],
        )
        deliver_mail()
    with clock.frozen_at(winter):
        meeting = services.open_meeting(chair, meeting=meeting)
        present = _people(coordinating)
        _hold(meeting, present, rng, online_share=0.5)
        motion = services.move_motion(present[2], item=meeting.items.get(),
                                      title="Clean air and fair pay first",
                                      text="The Alliance leads on clean air and fair pay this "
                                           "year.")
        services.second_motion(present[3], motion=motion)
        _vote(chair, motion, present, (7, 2, 1))
        services.close_meeting(chair, meeting=meeting)

    # 1. A meeting run by the book, ten weeks ago: notice, papers, an amendment, a named vote,
    #    a decision with actions, and minutes published within the fortnight.
    held = _at(today - timedelta(weeks=10), 18)
    with clock.frozen_at(held - timedelta(days=10)):
        spring = services.call_meeting(
            secretary, organisation=organisation, body=group, title="Organising Group, spring",
            starts_at=held, ends_at=held + timedelta(hours=2), place="Northfield Library",
            online_url="https://meet.example.org/commonweal-og", chair=chair,
            agenda=[("Clean air campaign", "Plans for the summer day of action."),
                    ("Affiliation fees", "")],
        )
        services.circulate_paper(secretary, meeting=spring, item=spring.items.get(position=1),
                                 title="Day of action plan",
                                 markdown="# Day of action\n\n- March on **21 June**\n"
                                          "- Stalls in every region\n- Budget: £1,200")
        deliver_mail()
    with clock.frozen_at(held - timedelta(days=1)):
        services.circulate_paper(secretary, meeting=spring, item=spring.items.get(position=2),
                                 title="Fees report", markdown="Two unions have paid for the "
                                                               "year; one has not.")
        deliver_mail()
    with clock.frozen_at(held):
        # Seats change over time (the ballots demo elects people today): who sat then.
        og_people = [p for p in _people(group) if p.pk not in (secretary.pk, chair.pk)]
        spring = services.open_meeting(chair, meeting=spring)
        # Two send apologies; everyone else comes, and fifteen of them vote.
        present = og_people[:-2] if len(og_people) > 17 else og_people
        _hold(spring, present, rng)
        for absent in og_people[len(present):]:
            services.record_attendance(secretary, meeting=spring, member=absent,
                                       mode="apologies")
        item = spring.items.get(position=1)
        motion = services.move_motion(present[0], item=item, title="A day of action for clean air",
                                      text="This group calls a day of action in every region "
                                           "on 21 June.")
        services.second_motion(present[1], motion=motion)
        amendment = services.move_amendment(present[2], motion=motion,
                                            delete_text="in every region",
                                            insert_text="in every region, with a march in Leeds")
        services.second_motion(present[3], motion=amendment)
        speech = services.ask_to_speak(present[4], item=item)
        services.start_speech(chair, speech=speech)
    with clock.frozen_at(held + timedelta(minutes=4)):
        services.end_speech(chair, speech=speech)
        point = services.raise_point_of_order(present[5], meeting=spring,
                                              text="The amendment was not circulated.")
        services.rule_on_point(chair, point=point,
                               ruling="Amendments may be moved at the meeting.")
        _vote(chair, amendment, present, (8, 5, 0))
        carried = _vote(chair, motion, present, (9, 5, 1))
        decision = Decision.objects.get(motion=carried.motion)
        services.add_action(secretary, decision=decision, description="Book the march route",
                            owner=present[0], due_on=today - timedelta(weeks=6))
        services.add_action(secretary, decision=decision,
                            description="Print 5,000 leaflets", owner=present[2],
                            due_on=today + timedelta(weeks=2))
        spring = services.close_meeting(chair, meeting=spring)
    with clock.frozen_at(held + timedelta(days=3)):
        minutes = services.draft_minutes(secretary, meeting=spring)
        services.publish_minutes(secretary, minutes=minutes)

    # 2. An urgent Coordinating Group meeting, five weeks ago, at 50 hours' notice (flagged as
    #    short on the record), voting 6-3-1; its draft minutes were published four days later,
    #    for the group's next meeting to approve.
    urgent = _at(today - timedelta(weeks=5), 19)
    with clock.frozen_at(urgent - timedelta(hours=50)):
        steering = services.call_meeting(
            secretary, organisation=organisation, body=coordinating,
            title="Coordinating Group, urgent", starts_at=urgent,
            online_url="https://meet.example.org/commonweal-cg", chair=chair,
            urgent=True, urgency_reason="The venue for conference withdrew its booking.",
            agenda=[("Conference venue", "")],
        )
        deliver_mail()
    with clock.frozen_at(urgent):
        steering = services.open_meeting(chair, meeting=steering)
        # Most of the group joins online; ten of them vote, the rest do not.
        present = _people(coordinating)
        _hold(steering, present, rng, online_share=0.8)
        motion = services.move_motion(present[0], item=steering.items.get(),
                                      title="Move conference online",
                                      text="Conference this year is held online.")
        services.second_motion(present[1], motion=motion)
        _vote(chair, motion, present, (6, 3, 1))
        steering = services.close_meeting(chair, meeting=steering)
    with clock.frozen_at(urgent + timedelta(days=4)):
        minutes = services.draft_minutes(secretary, meeting=steering)
        services.publish_minutes(secretary, minutes=minutes)

    # 3. A members' requisition of the Coordinating Group (rule 6.8): a quarter of its members
    #    signed three weeks ago; the officers did not call the meeting within fourteen days, so
    #    two of those who signed called it themselves, and the compliance record says so.
    signed = _at(today - timedelta(weeks=3), 12)
    with clock.frozen_at(signed):
        signers = _people(coordinating)
        requisition = services.start_requisition(
            signers[0], organisation=organisation, body=coordinating, kind="group",
            purpose="To review the decision to hold conference online, which members were "
                    "not consulted on.")
        for person in signers[1:requisition.needed]:
            requisition = services.sign_requisition(person, requisition=requisition)
    with clock.frozen_at(_at(today - timedelta(days=5), 10)):
        services.call_meeting(
            signers[1], organisation=organisation, body=coordinating,
            title="Coordinating Group, on the members' requisition",
            starts_at=_at(today + timedelta(days=3), 18), place="Friends Meeting House",
            online_url="https://meet.example.org/commonweal-cg", chair=signers[1],
            minute_taker=signers[0], agenda=[("Conference online: members' review", "")],
            authority=resolve(organisation, Route.REQUISITION, requisition))
        deliver_mail()

    # 4. A meeting the officers cancelled together (rule 6.9): the secretary proposed, the chair
    #    confirmed, with the reason published; the compliance record shows it as lawful.
    with clock.frozen_at(_at(today - timedelta(days=12), 9)):
        workshop = services.call_meeting(
            secretary, organisation=organisation, body=group,
            title="Organising Group, campaign workshop",
            starts_at=_at(today + timedelta(days=2), 18), place="Northfield Library",
            chair=chair, agenda=[("Campaign workshop", "")])
        deliver_mail()
    with clock.frozen_at(_at(today - timedelta(days=4), 9)):
        action = services.propose_cancellation(
            secretary, meeting=workshop,
            reason="Northfield Library is closed for repairs that week; the workshop moves to "
                   "the summer meeting.")
        confirm_sensitive_action(chair, organisation=organisation, action_id=action.pk)
        deliver_mail()

    # 5. The next Organising Group meeting, called now with the full seven days' notice.
    services.call_meeting(
        secretary, organisation=organisation, body=group, title="Organising Group, summer",
        starts_at=_at(today + timedelta(days=8), 18), place="Northfield Library",
        online_url="https://meet.example.org/commonweal-og", chair=chair,
        agenda=[("Minutes of the spring meeting", ""), ("Report on the day of action", "")],
    )
    deliver_mail()

    # 6. An Organising Group meeting in session now, for the chair to run from the console:
    #    called nine days ago with full notice, opened forty minutes ago, most of the group
    #    present (the chair among them, so he votes too), two apologies, a motion on bus
    #    fares moved and seconded with an amendment moved and seconded, one speaker waiting.
    _load_sitting(organisation, group, secretary=secretary, chair=chair, rng=rng)


def _load_sitting(organisation: Organisation, group: Body, *, secretary: Member, chair: Member,
                  rng: random.Random) -> None:
    now = clock.now().replace(second=0, microsecond=0)
    started = now - timedelta(minutes=40 + now.minute % 5)
    with clock.frozen_at(started - timedelta(days=9)):
        sitting = services.call_meeting(
            secretary, organisation=organisation, body=group,
            title="Organising Group, bus fares", starts_at=started,
            ends_at=started + timedelta(hours=3), place="Eastbrook Community Centre",
            online_url="https://meet.example.org/commonweal-og", chair=chair,
            agenda=[("Bus fares campaign", "The members' petition asks for a campaign on "
                                           "fares; what the group does about it."),
                    ("Any other business", "")],
        )
        deliver_mail()
    with clock.frozen_at(started):
        sitting = services.open_meeting(chair, meeting=sitting)
        people = [p for p in _people(group) if p.pk != secretary.pk]
        present, absent = people[:-2], people[-2:]
        _hold(sitting, present, rng)
        for person in absent:
            services.record_attendance(secretary, meeting=sitting, member=person,
                                       mode="apologies")
        services.record_attendance(secretary, meeting=sitting, member=secretary,
                                   mode="in-person")
    movers = [p for p in present if p.pk != chair.pk]
    with clock.frozen_at(started + timedelta(minutes=10)):
        item = sitting.items.get(position=1)
        motion = services.move_motion(
            movers[0], item=item, title="Campaign for fair bus fares",
            text="This group campaigns for a flat fare of £1 on every bus in the region.")
        services.second_motion(movers[1], motion=motion)
    with clock.frozen_at(started + timedelta(minutes=25)):
        amendment = services.move_amendment(
            movers[2], motion=motion, delete_text="a flat fare of £1",
            insert_text="a flat fare of £1 and free travel for under-18s")
        services.second_motion(movers[3], motion=amendment)
        services.ask_to_speak(movers[4], item=item)
