"""The constitution-compliance record: every rule that can be checked mechanically, checked.

Each check returns Findings, one per thing checked, with the rule's own answer; the public page
lists breaches first. Everything here is a read: nothing is stored, so the page is always
what the record says now.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Count, F, Max, OuterRef, Q, Subquery
from django.urls import reverse

from openassembly.bodies.models import Body, SeatHolding
from openassembly.core import compliance as registry
from openassembly.core.compliance import Check, Finding
from openassembly.core.models import Organisation
from openassembly.rules.questions import meeting_overdue, minutes_overdue, term_expired

from .models import (
    Action,
    Mailing,
    MailingDelivery,
    Meeting,
    Minutes,
    PaperVersion,
    Requisition,
)


def _meeting_url(organisation: Organisation, meeting_id: int) -> str:
    return reverse("meetings:meeting", kwargs={"org": organisation.slug, "pk": meeting_id})


def overdue_bodies(organisation: Organisation, today: date) -> list[Finding]:
    constitution = organisation.constitution
    held = (Meeting.objects.filter(organisation=organisation,
                                   status__in=[Meeting.Status.OPEN, Meeting.Status.CLOSED])
            .values("body_id").annotate(last=Max("starts_at")))
    last = {row["body_id"]: row["last"] for row in held}
    findings = []
    for body in Body.objects.filter(organisation=organisation, dissolved_on=None):
        spec = constitution.body(body.key)
        if spec.meets_every_months is None:
            continue
        met = last.get(body.pk)
        answer = meeting_overdue(spec, last_meeting=met.date() if met else None,
                                 since=body.established_on, today=today)
        findings.append(Finding(answer.ok, body.name, answer.rule, answer.reason,
                                reverse("meetings:body", kwargs={"org": organisation.slug,
                                                                 "key": body.key})))
    return findings


def short_notice(organisation: Organisation) -> list[Finding]:
    """Urgent meetings: lawful when called under the urgency rule, which call_meeting ensures
    (it refuses short notice without the procedure), so each is reported as within the rules,
    with the reason it gave, for members to judge."""
    meetings = (Meeting.objects.filter(organisation=organisation, short_notice=True)
                .exclude(status=Meeting.Status.CANCELLED).select_related("body"))
    return [Finding(True, f"{m.title} ({m.body.name}, {m.starts_at:%d %b %Y})", m.notice_rule,
                    f"Lawful: called under the urgency procedure. {m.notice_reason} Reason "
                    f"given: {m.urgency_reason}", _meeting_url(organisation, m.pk))
            for m in meetings]


def _notice_due(spec, meeting: Meeting) -> datetime:
    """When the notice had to reach the members: the notice period before the meeting."""
    if meeting.short_notice and spec.urgent_notice_hours is not None:
        return meeting.starts_at - timedelta(hours=spec.urgent_notice_hours)
    return meeting.starts_at - timedelta(days=spec.notice_days)


def _latest_notice(field: str) -> Subquery:
    return Subquery(Mailing.objects.filter(meeting=OuterRef("pk"), kind=Mailing.Kind.NOTICE)
                    .order_by("-pk").values(field)[:1])


def notice_sent(organisation: Organisation, now: datetime) -> list[Finding]:
    """Notice is given when the mail reaches the members, not when the meeting is dated: each
    called meeting's notice run, read against when the notice was due. One query."""
    missed = (MailingDelivery.objects.filter(run=OuterRef("notice_run"))
              .exclude(status=MailingDelivery.Status.SENT).order_by()
              .values("run").annotate(n=Count("pk")).values("n")[:1])
    meetings = (Meeting.objects.filter(organisation=organisation)
                .exclude(status=Meeting.Status.CANCELLED).select_related("body")
                .annotate(notice_run=_latest_notice("pk"), run_status=_latest_notice("status"),
                          run_done=_latest_notice("done"), run_total=_latest_notice("total"),
                          run_finished=_latest_notice("finished_at"))
                .annotate(run_missed=Subquery(missed))
                .order_by("-starts_at")[:500])
    constitution = organisation.constitution
    findings = []
    for meeting in meetings:
        due = _notice_due(constitution.body(meeting.body.key), meeting)
        subject = f"{meeting.title} ({meeting.body.name}, {meeting.starts_at:%d %b %Y})"
        url = _meeting_url(organisation, meeting.pk)
        rule = meeting.notice_rule
        by = f"due by {due:%d %B %Y %H:%M}"
        done, total, status = meeting.run_done, meeting.run_total, meeting.run_status
        if meeting.notice_run is None:
            findings.append(Finding(False, subject, rule, f"No notice was sent to the members "
                                                          f"({by}): it was only dated.", url))
        elif status == Mailing.Status.DONE:
            finished, not_reached = meeting.run_finished, meeting.run_missed or 0
            if finished > due:
                findings.append(Finding(False, subject, rule, (
                    f"The notice reached {done} of {total} members on "
                    f"{finished:%d %B %Y %H:%M}, after it was {by}."), url))
            else:
                findings.append(Finding(True, subject, rule, (
                    f"Notice sent to {done} of {total} members on {finished:%d %B %Y %H:%M}, "
                    f"{by}." + (f" {not_reached} could not be reached." if not_reached else "")),
                    url, at_risk=bool(not_reached)))
        elif status == Mailing.Status.FAILED:
            findings.append(Finding(False, subject, rule, (
                f"Sending the notice failed after {done} of {total} members ({by})."), url))
        elif now > due:
            findings.append(Finding(False, subject, rule, (
                f"The notice was still being sent ({done} of {total}) when it was {by}."), url))
        else:
            findings.append(Finding(True, subject, rule, (
                f"The notice is being sent ({done} of {total} so far); it is {by}."),
                url, at_risk=True))
    return findings


def cancellations(organisation: Organisation) -> list[Finding]:
    """Every cancellation and postponement, with who did it and by what authority."""
    meetings = (Meeting.objects.filter(organisation=organisation)
                .filter(Q(status=Meeting.Status.CANCELLED) | Q(cancelled_at__isnull=False))
                .select_related("body").order_by("-starts_at"))
    findings = []
    for m in meetings:
        subject = f"{m.title} ({m.body.name}, {m.starts_at:%d %b %Y})"
        url = _meeting_url(organisation, m.pk)
        if not m.cancelled_by:
            findings.append(Finding(False, subject, m.body.rule, (
                f"Cancelled with no authority on the record. Reason given: "
                f"{m.cancelled_reason or 'none'}"), url))
            continue
        what = ("Cancelled" if m.status == Meeting.Status.CANCELLED else
                f"Postponed from {m.postponed_from:%d %B %Y %H:%M} to "
                f"{m.starts_at:%d %B %Y %H:%M}")
        findings.append(Finding(True, subject, m.cancelled_rule, (
            f"Lawful: {what} {m.cancelled_by}. Reason given: {m.cancelled_reason}"), url))
    return findings


def requisitions(organisation: Organisation, now: datetime) -> list[Finding]:
    """Requisitions that reached their signatures: was the meeting called in time, and by
    whom?"""
    found = (Requisition.objects.filter(organisation=organisation)
             .exclude(status=Requisition.Status.OPEN)
             .select_related("body", "meeting").order_by("-complete_at"))
    findings = []
    for r in found:
        subject = f"Requisition {r.pk} of the {r.body.name}: {r.purpose[:80]}"
        url = reverse("meetings:requisition", kwargs={"org": organisation.slug, "pk": r.pk})
        at_once = r.call_by <= r.complete_at
        meeting = getattr(r, "meeting", None)
        by = f"{r.call_by:%d %B %Y}"
        if meeting is None:
            if now > r.call_by and not at_once:
                findings.append(Finding(False, subject, r.rule, (
                    f"Complete on {r.complete_at:%d %B %Y} with {r.needed} signatures; the "
                    f"officers did not call the meeting by {by}. The members who signed may "
                    "call it themselves."), url))
            else:
                findings.append(Finding(True, subject, r.rule, (
                    "The members who signed may call the meeting now." if at_once else
                    f"Complete; the officers have until {by} to call the meeting."), url,
                    at_risk=True))
            continue
        by_members = meeting.called_under.startswith("on requisition")
        when = f"{meeting.called_at:%d %B %Y}"
        if by_members and at_once:
            findings.append(Finding(True, subject, r.rule, (
                f"Lawful: called by the members who signed on {when}, as rule {r.rule} "
                "allows."), url))
        elif by_members:
            findings.append(Finding(False, subject, r.rule, (
                f"The officers did not call the meeting by {by}: the members who signed called "
                f"it themselves on {when}."), url))
        elif meeting.called_at > r.call_by:
            findings.append(Finding(False, subject, r.rule, (
                f"Called by the officers on {when}, after the deadline of {by}."), url))
        else:
            findings.append(Finding(True, subject, r.rule, (
                f"Called by the officers on {when}, within the deadline of {by}."), url))
    return findings


def late_papers(organisation: Organisation) -> list[Finding]:
    versions = (PaperVersion.objects.filter(organisation=organisation, late=True)
                .select_related("paper__meeting").order_by("-circulated_at"))
    return [Finding(False, f"'{v.paper.title}' v{v.number} for {v.paper.meeting.title}",
                    v.lateness_rule, v.lateness_reason,
                    _meeting_url(organisation, v.paper.meeting_id)) for v in versions]


def minutes(organisation: Organisation, now: datetime) -> list[Finding]:
    constitution = organisation.constitution
    meetings = (Meeting.objects.filter(organisation=organisation, starts_at__lte=now,
                                       status__in=[Meeting.Status.OPEN, Meeting.Status.CLOSED])
                .select_related("body").order_by("-starts_at"))
    published = dict(Minutes.objects.filter(organisation=organisation)
                     .exclude(status=Minutes.Status.DRAFT)
                     .values_list("meeting_id", "published_at"))
    findings = []
    for meeting in meetings:
        spec = constitution.body(meeting.body.key)
        if spec.minutes_days is None:
            continue
        answer = minutes_overdue(spec, meeting_at=meeting.starts_at,
                                 published_at=published.get(meeting.pk), now=now)
        findings.append(Finding(answer.ok, f"{meeting.title} ({meeting.starts_at:%d %b %Y})",
                                answer.rule, answer.reason,
                                _meeting_url(organisation, meeting.pk)))
    return findings


def overdue_actions(organisation: Organisation, today: date) -> list[Finding]:
    # A members' decision's actions are checked with the ballot that made it (the ballots
    # app's "carried out" check), so they are not listed twice.
    actions = (Action.objects.filter(organisation=organisation, decision__ballot_id__isnull=True)
               .filter(Q(done_on__isnull=True, due_on__lt=today) | Q(done_on__gt=F("due_on")))
               .select_related("owner", "decision").order_by("due_on"))
    findings = []
    for action in actions:
        # An action's deadline is set by the meeting, not by a rule: no rule number to cite.
        rule = ""
        if action.done_on is None:
            late = (today - action.due_on).days
            reason = (f"Due {action.due_on:%d %B %Y}, owned by {action.owner.name}; not done, "
                      f"{late} day{'s' if late != 1 else ''} overdue.")
        else:
            late = (action.done_on - action.due_on).days
            reason = (f"Due {action.due_on:%d %B %Y}, owned by {action.owner.name}; done "
                      f"{late} day{'s' if late != 1 else ''} late.")
        findings.append(Finding(False, f"Decision {action.decision.number}: "
                                       f"{action.description}", rule, reason,
                                reverse("meetings:decisions", kwargs={"org": organisation.slug})
                                + f"#decision-{action.decision.number}"))
    return findings


def expired_terms(organisation: Organisation, today: date) -> list[Finding]:
    constitution = organisation.constitution
    holdings = (SeatHolding.objects.filter(organisation=organisation, seat_group__active=True,
                                           starts_on__lte=today)
                .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today))
                .select_related("seat_group__body", "member").order_by("starts_on", "pk"))
    findings = []
    for holding in holdings:
        spec = constitution.body(holding.seat_group.body.key)
        if spec.term_months is None:
            continue
        answer = term_expired(spec, started=holding.starts_on, today=today)
        if not answer.ok:
            seat = f"{holding.seat_group.name} {holding.seat_group.label}".strip()
            findings.append(Finding(
                False, f"{holding.member.name}, {seat} of the {holding.seat_group.body.name}",
                answer.rule, f"{answer.reason} No election has filled the seat since.",
                reverse("record:body", kwargs={"org": organisation.slug,
                                               "key": holding.seat_group.body.key})))
    return findings


def register() -> None:
    """This app's checks, in the order the page lists them."""
    checks = [
        ("meetings", "Bodies overdue for a meeting",
         lambda organisation, now: overdue_bodies(organisation, now.date())),
        ("notice", "Meetings called at short notice",
         lambda organisation, now: short_notice(organisation)),
        ("notice-sent", "Notice delivered to members", notice_sent),
        ("cancellations", "Meetings cancelled or postponed, and by whom",
         lambda organisation, now: cancellations(organisation)),
        ("requisitions", "Requisitioned meetings called in time", requisitions),
        ("papers", "Papers circulated late", lambda organisation, now: late_papers(organisation)),
        ("minutes", "Minutes published within the deadline", minutes),
        ("actions", "Actions overdue or done late",
         lambda organisation, now: overdue_actions(organisation, now.date())),
        ("terms", "Terms expired without an election",
         lambda organisation, now: expired_terms(organisation, now.date())),
    ]
    for order, (key, title, run) in enumerate(checks, start=10):
        registry.register(key, title, run, order=order * 10)


def compliance(organisation: Organisation) -> list[Check]:
    """Every check the record has, this app's and the others' (core/compliance.py)."""
    return registry.compliance(organisation)
