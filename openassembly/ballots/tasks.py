"""Ballots' work that falls due with time, as tasks for the worker.

`openassembly tick` runs the ``due_*`` checks (registered in ``BallotsConfig.ready``); each
enqueues a task per thing that is due. Every task checks again, under a lock, that its work is
still due, so a task enqueued twice (a slow worker, two ticks) acts once.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django_tasks import task

from openassembly.core import clock, schedule
from openassembly.core.actors import System
from openassembly.meetings.models import Meeting

from . import mail
from .models import AgendaRequest, Poll, Sortition
from .selectors import draw_due
from .services.agenda import place_request
from .services.polls import close_voting, send_reminder
from .services.sortition import draw


@task()
def close_poll(poll_id: int) -> bool:
    """Close voting that has reached its published closing time, so the timetable holds even
    when no officer is at hand; counting and declaring stay with the returning officer."""
    poll = Poll.objects.get(pk=poll_id)
    if poll.status != Poll.Status.OPEN or clock.now() < poll.closes_at:
        return False
    close_voting(System("the timetable"), poll=poll)
    return True


@task()
def remind_voters(poll_id: int) -> bool:
    """Send the reminder the constitution asks for, once."""
    with transaction.atomic():
        poll = Poll.objects.select_for_update().select_related("organisation").get(pk=poll_id)
        if poll.status != Poll.Status.OPEN or poll.reminded_at is not None:
            return False
        send_reminder(System("the timetable"), poll=poll)
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
