"""The constitution-compliance record: every rule that can be checked mechanically, checked.

Each check returns Findings, one per thing checked, with the rule's own answer; the public page
lists breaches first. Everything here is a read: nothing is stored, so the page is always
what the record says now.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import F, Max, Q
from django.urls import reverse

from openassembly.bodies.models import Body, SeatHolding
from openassembly.core import compliance as registry
from openassembly.core.compliance import Check, Finding
from openassembly.core.models import Organisation
from openassembly.rules.questions import meeting_overdue, minutes_overdue, term_expired

from .models import Action, Meeting, Minutes, PaperVersion


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
    meetings = (Meeting.objects.filter(organisation=organisation, short_notice=True)
                .exclude(status=Meeting.Status.CANCELLED).select_related("body"))
    return [Finding(False, f"{m.title} ({m.body.name}, {m.starts_at:%d %b %Y})", m.notice_rule,
                    f"{m.notice_reason} Reason given: {m.urgency_reason}",
                    _meeting_url(organisation, m.pk)) for m in meetings]


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
