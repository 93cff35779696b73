"""Ballots' work that falls due with time, as tasks for the worker.

`openassembly tick` runs the ``due_*`` checks (registered in ``BallotsConfig.ready``); each
enqueues a task per thing that is due. Every task checks again, under a lock, that its work is
still due, so a task enqueued twice (a slow worker, two ticks) acts once.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django_tasks import task

from openassembly.core import clock, schedule
from openassembly.core.actors import System
from openassembly.core.errors import Conflict
from openassembly.meetings.models import Meeting

from . import mail
from .models import AgendaRequest, Poll, Referendum, Scrutineer, Sortition, Statement
from .selectors import draw_due
from .services.agenda import place_request
from .services.petition_ballots import choose_against_statement
from .services.polls import close_voting, count_poll, declare_result, open_voting, send_reminder
from .services.sortition import draw

TIMETABLE = "the timetable"


@task()
def close_poll(poll_id: int) -> bool:
    """Close voting that has reached its published closing time, so the timetable holds even
    when no officer is at hand; counting and declaring stay with the returning officer."""
    poll = Poll.objects.get(pk=poll_id)
    if poll.status != Poll.Status.OPEN or clock.now() < poll.closes_at:
        return False
    close_voting(System(TIMETABLE), poll=poll)
    return True


@task()
def remind_voters(poll_id: int) -> bool:
    """Send the reminder the constitution asks for, once."""
    with transaction.atomic():
        poll = Poll.objects.select_for_update().select_related("organisation").get(pk=poll_id)
        if poll.status != Poll.Status.OPEN or poll.reminded_at is not None:
            return False
        send_reminder(System(TIMETABLE), poll=poll)
    return True


@task()
def place_agenda_request(request_id: int) -> str:
    """Put a successful petition's item on its body's next called meeting, if one is called."""
    with transaction.atomic():
        request = (AgendaRequest.objects.select_for_update()
                   .select_related("body", "petition__created_by", "organisation")
                   .get(pk=request_id))
        if request.status != AgendaRequest.Status.PENDING:
            return ""
        return place_request(
            System(f"petition {request.petition_id} under rule {request.rule}"), request=request
        )


@task()
def draw_sortition(sortition_id: int) -> bool:
    """Draw once the reveal deadline has passed, so that a party who keeps back its value
    (or an officer who does not draw) cannot hold the draw up; the fallback stands in for
    anyone silent."""
    with transaction.atomic():
        sortition = Sortition.objects.select_for_update().get(pk=sortition_id)
        if not draw_due(sortition):
            return False
        draw(System("the timetable"), sortition=sortition)
    return True


def due_draws() -> int:
    due = Sortition.objects.filter(status=Sortition.Status.POOL_CLOSED,
                                   reveal_by__lt=clock.now())
    return sum(schedule.enqueue_once(draw_sortition, pk) for pk in due.values_list("pk", flat=True))
@task()
def choose_statement_against(referendum_id: int) -> bool:
    """Statements are due: the offered statement against with most co-signers is chosen."""
    referendum = Referendum.objects.select_related("poll", "organisation").get(pk=referendum_id)
    if referendum.poll.status != Poll.Status.DRAFT:
        return False
    return choose_against_statement(System(TIMETABLE), referendum=referendum) is not None


@task()
def open_petition_ballot(poll_id: int) -> bool:
    """Open a members' ballot called by petition at its time, without an officer. If a
    statement it needs is missing it stays a draft (the compliance page says which side it is
    waiting on) and the next tick tries again."""
    poll = Poll.objects.select_related("organisation").get(pk=poll_id)
    now = clock.now()
    if poll.status != Poll.Status.DRAFT or not poll.opens_at <= now < poll.closes_at:
        return False
    try:
        open_voting(System(TIMETABLE), poll=poll)
    except Conflict:
        return False
    return True


@task()
def declare_petition_ballot(poll_id: int) -> bool:
    """Count and declare a closed members' ballot called by petition, so its result (and a
    carried result's decision) follows without an officer."""
    poll = Poll.objects.select_related("organisation").get(pk=poll_id)
    try:
        if poll.status == Poll.Status.CLOSED:
            poll = count_poll(System(TIMETABLE), poll=poll)
        if poll.status != Poll.Status.COUNTED:
            return False
        declare_result(System(TIMETABLE), poll=poll)
    except Conflict:
        return False  # waiting on a scrutineer's report: the compliance page says so
    return True


def due_statement_choices() -> int:
    due = (Referendum.objects.filter(poll__status=Poll.Status.DRAFT, against_by="members",
                                     statements_due_at__lte=clock.now(),
                                     candidates__isnull=False)
           .exclude(statements__side=Statement.Side.AGAINST).distinct())
    return sum(schedule.enqueue_once(choose_statement_against, pk)
               for pk in due.values_list("pk", flat=True))


def due_petition_openings() -> int:
    now = clock.now()
    due = Poll.objects.filter(kind=Poll.Kind.REFERENDUM, status=Poll.Status.DRAFT,
                              referendum__statements_due_at__isnull=False, opens_at__lte=now,
                              closes_at__gt=now)
    return sum(schedule.enqueue_once(open_petition_ballot, pk)
               for pk in due.values_list("pk", flat=True))


def due_petition_declarations() -> int:
    waiting = Scrutineer.objects.filter(poll=OuterRef("pk"), report_at=None)
    due = (Poll.objects.filter(kind=Poll.Kind.REFERENDUM,
                               status__in=[Poll.Status.CLOSED, Poll.Status.COUNTED],
                               referendum__statements_due_at__isnull=False)
           .exclude(Exists(waiting)))
    return sum(schedule.enqueue_once(declare_petition_ballot, pk)
               for pk in due.values_list("pk", flat=True))


def due_closes() -> int:
    due = Poll.objects.filter(status=Poll.Status.OPEN, closes_at__lte=clock.now())
    return sum(schedule.enqueue_once(close_poll, pk) for pk in due.values_list("pk", flat=True))


def due_reminders() -> int:
    """Polls within the constitution's reminder period of their close, not yet reminded."""
    now = clock.now()
    enqueued = 0
    for poll in Poll.objects.filter(status=Poll.Status.OPEN, reminded_at=None,
                                    closes_at__gt=now).select_related("organisation"):
        ballots = poll.organisation.constitution.ballots
        days = ballots.reminder_days if ballots is not None else 0
        if days and now >= poll.closes_at - timedelta(days=days):
            enqueued += schedule.enqueue_once(remind_voters, poll.pk)
    return enqueued


def due_agenda_requests() -> int:
    """Pending requests whose body has a meeting called to take them."""
    called = Meeting.objects.filter(status=Meeting.Status.CALLED, starts_at__gt=clock.now(),
                                    short_notice=False).values("body_id")
    due = AgendaRequest.objects.filter(status=AgendaRequest.Status.PENDING, body_id__in=called)
    return sum(schedule.enqueue_once(place_agenda_request, pk)
               for pk in due.values_list("pk", flat=True))


def register() -> None:
    schedule.register("polls closed", due_closes)
    schedule.register("reminders", due_reminders)
    schedule.register("agenda requests", due_agenda_requests)
    schedule.register("sortition draws", due_draws)
    schedule.register("ballot mail resumed", mail.resume_stalled)
    schedule.register("petition ballots: statements against", due_statement_choices)
    schedule.register("petition ballots opened", due_petition_openings)
    schedule.register("petition ballots declared", due_petition_declarations)
