"""Ballots' checks on the compliance record (registered with core.compliance from ready()):
elections and members' ballots kept to their timetable, and carried members' ballots carried
out by the date the constitution sets."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.urls import reverse

from openassembly.core import compliance as registry
from openassembly.core.compliance import Finding
from openassembly.core.models import Organisation
from openassembly.rules.members_ballots import petition_ballot

from .constitution import ballot_rule, statements_rule
from .models import Poll, Referendum
from .selectors import missing_sides
from .services.common import when

S = Poll.Status
BEFORE_VOTING = (S.DRAFT, S.NOMINATIONS, S.NOMINATIONS_CLOSED)
# The tick runs each minute; a declaration that has waited a day has stalled.
DECLARE_WITHIN = timedelta(days=1)


def _url(organisation: Organisation, poll: Poll) -> str:
    return reverse("ballots:poll", kwargs={"org": organisation.slug, "pk": poll.pk})


def _subject(poll: Poll) -> str:
    return f"{poll.get_kind_display().capitalize()} {poll.pk}: {poll.title}"


def _waiting_on(referendum: Referendum) -> str:
    sides = missing_sides(referendum)
    return " and ".join(f"the statement {side}" for side in sides)


def stalled(organisation: Organisation, now: datetime) -> list[Finding]:
    """Every poll not past its close and declared is checked against its own timetable."""
    polls = (Poll.objects.filter(organisation=organisation)
             .exclude(status__in=[S.DECLARED, S.CANCELLED])
             .select_related("referendum__petition").order_by("opens_at", "pk"))
    findings = []
    for poll in polls:
        rule = poll.rule
        referendum = getattr(poll, "referendum", None) if poll.kind == Poll.Kind.REFERENDUM \
            else None
        by_petition = referendum is not None and referendum.by_petition
        if by_petition:
            spec = petition_ballot(organisation.constitution, referendum.petition.kind)
            rule = spec.rule if spec is not None else rule
        waiting = _waiting_on(referendum) if referendum is not None else ""
        if poll.status in BEFORE_VOTING:
            if now >= poll.closes_at:
                reason = (f"Was due to open on {when(poll.opens_at)} and close on "
                          f"{when(poll.closes_at)}; it is still {poll.get_status_display()}.")
                if waiting:
                    reason += f" It is waiting on {waiting}."
                findings.append(Finding(False, _subject(poll), rule, reason,
                                        _url(organisation, poll)))
            elif now >= poll.opens_at:
                reason = f"Was due to open on {when(poll.opens_at)}; it has not opened."
                if waiting:
                    reason += (f" It is waiting on {waiting}: rule "
                               f"{statements_rule(organisation)} needs both statements, and "
                               "the rules do not let it open with a side marked \"no "
                               "statement submitted\".")
                findings.append(Finding(False, _subject(poll), rule, reason,
                                        _url(organisation, poll)))
            elif by_petition and waiting and now >= referendum.statements_due_at:
                ok_without = spec is not None and spec.without_statement
                reason = (f"Statements were due on {when(referendum.statements_due_at)}; "
                          f"{waiting} is missing. ")
                reason += ("It opens on time with that side marked \"no statement submitted\"."
                           if ok_without else
                           f"It cannot open on {when(poll.opens_at)} without it.")
                findings.append(Finding(True, _subject(poll), rule, reason,
                                        _url(organisation, poll), at_risk=not ok_without))
            elif by_petition:
                findings.append(Finding(True, _subject(poll), rule,
                                        f"Opens by itself on {when(poll.opens_at)}.",
                                        _url(organisation, poll)))
        elif poll.status == S.OPEN and now >= poll.closes_at:
            findings.append(Finding(False, _subject(poll), ballot_rule(organisation),
                                    f"Was due to close on {when(poll.closes_at)}; voting is "
                                    "still open.", _url(organisation, poll)))
        elif poll.status in (S.CLOSED, S.COUNTED) and now >= poll.closes_at + DECLARE_WITHIN:
            reports = list(poll.scrutineers.filter(report_at=None).values_list("name",
                                                                               flat=True))
            reason = f"Voting closed on {when(poll.closes_at)}; no result is declared."
            if reports:
                reason += f" It is waiting on the scrutineers' reports: {', '.join(reports)}."
            findings.append(Finding(False, _subject(poll), rule, reason,
                                    _url(organisation, poll)))
    return findings


def carried_out(organisation: Organisation, now: datetime) -> list[Finding]:
    """A carried members' ballot called by petition is a decision; is it carried out?"""
    today = now.date()
    referendums = (Referendum.objects.filter(organisation=organisation,
                                             statements_due_at__isnull=False,
                                             poll__status=S.DECLARED)
                   .select_related("poll", "petition", "decision")
                   .prefetch_related("decision__actions__owner").order_by("poll__declared_at"))
    decisions = reverse("meetings:decisions", kwargs={"org": organisation.slug})
    findings = []
    for referendum in referendums:
        poll = referendum.poll
        if not poll.outcome.get("carried"):
            continue
        spec = petition_ballot(organisation.constitution, referendum.petition.kind)
        rule = spec.rule if spec is not None else poll.rule
        decision = referendum.decision
        if decision is None:
            findings.append(Finding(False, _subject(poll), rule,
                                    "Carried, but not recorded as a decision of the members.",
                                    _url(organisation, poll)))
            continue
        url = f"{decisions}#decision-{decision.number}"
        subject = f"Decision {decision.number} of the members: {decision.title}"
        actions = list(decision.actions.all())
        if not actions:
            findings.append(Finding(False, subject, rule, "Carried, but nobody was given the "
                                    "action of carrying it out.", url))
        for action in actions:
            who = action.owner.name
            if action.done_on is not None and action.done_on <= action.due_on:
                findings.append(Finding(True, subject, rule, f"Carried out by {who} on "
                                        f"{action.done_on:%-d %B %Y}.", url))
            elif action.done_on is not None:
                findings.append(Finding(False, subject, rule, f"Carried out by {who} on "
                                        f"{action.done_on:%-d %B %Y}, after it was due on "
                                        f"{action.due_on:%-d %B %Y}.", url))
            elif today > action.due_on:
                findings.append(Finding(False, subject, rule, f"Not carried out: due by "
                                        f"{action.due_on:%-d %B %Y}, owned by {who}.", url))
            else:
                findings.append(Finding(True, subject, rule, f"To be carried out by {who} by "
                                        f"{action.due_on:%-d %B %Y}.", url, at_risk=True))
    return findings


def register() -> None:
    registry.register("ballots-timetable", "Elections and members' ballots on their timetable",
                      stalled, order=200)
    registry.register("ballots-carried-out", "Carried members' ballots carried out",
                      carried_out, order=210)
