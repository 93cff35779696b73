"""Questions the rest of the system asks the constitution, answered with the rule that applied.

Every function returns an ``Answer`` whose ``ok`` is true when all is well (notice long enough,
meeting quorate, motion carried, papers on time, minutes not overdue, term still running) and
whose ``reason`` is a sentence a member can read, citing the rule's number. Comparisons use
exact integers and Fractions; datetimes must be timezone-aware and are compared in UTC so that a
clock change cannot add or remove an hour of notice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

from openassembly.rules.meeting_rights import Requisition
from openassembly.rules.meeting_rights import threshold as requisition_threshold
from openassembly.rules.model import Amendments, Body, Majority, Petition

Votes = int | Fraction

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


@dataclass(frozen=True)
class Answer:
    ok: bool
    rule: str
    reason: str


@dataclass(frozen=True)
class Effective:
    """When a new version of the constitution takes effect, and the rule that says so."""

    at: datetime
    rule: str
    reason: str
    immediate: bool


# --- wording -------------------------------------------------------------------------------


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def _num(value: Fraction) -> str:
    """An exact number as a person writes it: 12, 1,551, or 16 2/3 for weighted votes."""
    if value.denominator == 1:
        return f"{value.numerator:,}"
    whole, rest = divmod(value.numerator, value.denominator)
    part = f"{rest}/{value.denominator}"
    return f"{whole:,} {part}" if whole else part


def _percent(value: Fraction) -> str:
    denominator = value.denominator
    for factor in (2, 5):
        while denominator % factor == 0:
            denominator //= factor
    if denominator == 1 and value.denominator != 1:
        # a terminating decimal such as 2.5: write it as one, with integers only
        digits = 0
        while (value * 10**digits).denominator != 1:
            digits += 1
        scaled = str(abs((value * 10**digits).numerator)).rjust(digits + 1, "0")
        sign = "-" if value < 0 else ""
        return f"{sign}{scaled[:-digits]}.{scaled[-digits:]}%"
    return f"{_num(value)}%"


def _duration(delta: timedelta) -> str:
    """Whole days, hours and minutes, rounded down so a shortfall is never hidden."""
    seconds = int(delta.total_seconds())
    if seconds < 60:
        return _plural(seconds, "second")
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes = seconds // 60
    parts = [_plural(n, unit) for n, unit in ((days, "day"), (hours, "hour"), (minutes, "minute"))
             if n]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _notice(delta: timedelta | str) -> str:
    text = delta if isinstance(delta, str) else _duration(delta)
    # "7 days' notice" but "1 day's notice"
    return f"{text}' notice" if text.endswith("s") else f"{text}'s notice"


def _date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _the(body: Body) -> str:
    if body.kind == "all-members":
        return body.name[:1].lower() + body.name[1:]
    return body.name if body.name.lower().startswith("the ") else f"the {body.name}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _rule(number: str) -> str:
    return f"Rule {number}"


# --- checks on arguments -------------------------------------------------------------------


def _utc(value: datetime, name: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")
    return value.astimezone(UTC)


def _votes(value: Votes, name: str) -> Fraction:
    # bool is an int and float is inexact; neither is a vote count.
    if isinstance(value, bool) or not isinstance(value, int | Fraction):
        raise TypeError(f"{name} must be an int or a Fraction, not {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name} cannot be negative")
    return Fraction(value)


def _count(value: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name} cannot be negative")
    return value


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later, or the month's last day if it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    last = (next_month - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def _months_between(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and add_months(start, months) > end:
        months -= 1
    return max(months, 0)


# --- the questions -------------------------------------------------------------------------


def notice_ok(body: Body, *, called_at: datetime, meeting_at: datetime,
              urgent: bool = False) -> Answer:
    """Was a meeting of ``body`` called with the notice its constitution requires?"""
    given = _utc(meeting_at, "meeting_at") - _utc(called_at, "called_at")
    if urgent and body.urgent_notice_hours is not None and body.urgency_rule is not None:
        rule = body.urgency_rule
        required = timedelta(hours=body.urgent_notice_hours)
        # said in hours, as urgency rules are written ("48 hours' notice")
        rule_says = (f"{_rule(rule)} allows an urgent meeting at "
                     f"{_notice(_plural(body.urgent_notice_hours, 'hour'))}")
    else:
        rule = body.notice_rule
        required = timedelta(days=body.notice_days)
        rule_says = f"{_rule(rule)} requires {_notice(required)}"
        if urgent:
            rule_says = (f"{_cap(_the(body))} has no procedure for urgent meetings, "
                         f"so {_rule(rule)}'s {_notice(required)} applies")
    if given < timedelta(0):
        return Answer(False, rule, f"{rule_says}; this meeting was called "
                                   f"{_duration(-given)} after the time it was called for.")
    if required == timedelta(0):
        return Answer(True, rule, f"{_rule(rule)} requires no notice for a meeting of "
                                  f"{_the(body)}.")
    return Answer(given >= required, rule,
                  f"{rule_says}; this meeting was called with {_notice(given)}.")


def quorate(body: Body, *, present: int, seats_filled: int) -> Answer:
    """Is a meeting of ``body`` with ``present`` people quorate, given how many seats are filled?

    A fractional quorum is rounded up (a third of 31 is 11) and is never less than one, so a
    meeting of nobody is never quorate.
    """
    _count(present, "present")
    _count(seats_filled, "seats_filled")
    quorum = body.quorum
    who = "members" if body.kind == "all-members" else "filled seats"
    if quorum.fraction is not None:
        needed = max(1, math.ceil(quorum.fraction * seats_filled))
        sets = (f"sets the quorum at {_num(quorum.fraction)} of the {seats_filled:,} {who}, "
                f"which is {needed:,}")
    else:
        needed = quorum.count or 0
        sets = f"sets the quorum at {needed:,} {'person' if needed == 1 else 'people'}"
    ok = present >= needed
    verdict = "the meeting is quorate" if ok else "the meeting is not quorate"
    return Answer(ok, quorum.rule, f"{_rule(quorum.rule)} {sets}; {present:,} "
                                   f"{'is' if present == 1 else 'are'} present, so {verdict}.")


def passed(majority: Majority, *, votes_for: Votes, against: Votes, abstain: Votes,
           eligible: int | None = None) -> Answer:
    """Is a motion carried under ``majority``? Votes may be weighted (Fractions) on a card vote.

    How abstentions count: for "simple" and "two-thirds" they are not counted at all; for
    "absolute" only votes for count, so abstaining (like not voting) is not support; for
    "unanimity" they do not break it, but at least one vote for is needed.
    """
    yes = _votes(votes_for, "votes_for")
    no = _votes(against, "against")
    neither = _votes(abstain, "abstain")
    tally = f"{_num(yes)} for, {_num(no)} against and {_num(neither)} abstaining"
    kind = majority.kind
    if kind == "simple":
        ok = yes > no
        needs = "more votes for than against (abstentions are not counted)"
    elif kind == "two-thirds":
        ok = yes > 0 and 3 * yes >= 2 * (yes + no)
        needs = "at least two thirds of the votes cast to be for (abstentions are not counted)"
    elif kind == "unanimity":
        ok = no == 0 and yes > 0
        needs = "a unanimous vote: no votes against and at least one for " \
                "(abstentions do not break unanimity)"
    elif kind == "absolute":
        if eligible is None:
            raise ValueError("an absolute majority needs the number eligible to vote")
        _count(eligible, "eligible")
        if yes + no + neither > eligible:
            raise ValueError(f"{_num(yes + no + neither)} votes were cast but only "
                             f"{eligible} are eligible")
        ok = 2 * yes > eligible
        needs = (f"votes for from more than half of the {eligible:,} entitled to vote (more than "
                 f"{_num(Fraction(eligible, 2))}; abstaining counts as not voting for)")
    else:  # pragma: no cover - the schema admits only the four kinds above
        raise ValueError(f"unknown majority kind {kind!r}")
    outcome = "so it is carried" if ok else "so it is not carried"
    return Answer(ok, majority.rule, f"{_rule(majority.rule)} requires {needs}: {tally}, "
                                     f"{outcome}.")


def petition_threshold(petition: Petition, *, members: int) -> int:
    """How many signatures ``petition`` needs when the organisation has ``members`` members.

    A percentage is rounded up (5% of 1,010 is 51) and the threshold is never below one.
    """
    _count(members, "members")
    thresholds = []
    if petition.percent is not None:
        thresholds.append(math.ceil(petition.percent * members / 100))
    if petition.count is not None:
        thresholds.append(petition.count)
    # "either": reached when either is met, so the lower one binds; "both": the higher one.
    needed = min(thresholds) if petition.combine == "either" else max(thresholds)
    return max(1, needed)


def petition_reached(petition: Petition, *, signatures: int, members: int) -> Answer:
    """Has ``petition`` enough signatures to have its consequence?"""
    _count(signatures, "signatures")
    needed = petition_threshold(petition, members=members)
    parts = []
    if petition.percent is not None:
        share = math.ceil(petition.percent * members / 100)
        parts.append(f"{_percent(petition.percent)} of members ({share:,} of {members:,})")
    if petition.count is not None:
        parts.append(f"{_plural(petition.count, 'member')}")
    if len(parts) == 2:
        which = "whichever is fewer" if petition.combine == "either" else "whichever is more"
        joiner = " or " if petition.combine == "either" else " and "
        needs = f"{joiner.join(parts)}, {which}"
    else:
        needs = parts[0]
    ok = signatures >= needed
    signed = f"{signatures:,} {'has' if signatures == 1 else 'have'} signed"
    short = needed - signatures
    result = ("so it has succeeded" if ok
              else f"so {short:,} more {'is' if short == 1 else 'are'} needed")
    return Answer(ok, petition.rule, f"{_rule(petition.rule)} needs signatures from {needs}: "
                                     f"{needed:,} needed and {signed}, {result}.")


def meeting_overdue(body: Body, *, last_meeting: date | None, since: date,
                    today: date) -> Answer:
    """Has ``body`` gone longer without meeting than its constitution allows? ok=True: it has not.

    ``since`` is when the body was set up; a body that has never met is measured from then.
    """
    if body.meets_every_months is None or body.meetings_rule is None:
        return Answer(True, body.rule, f"{_cap(_the(body))} has no fixed interval "
                                       "between meetings.")
    rule = body.meetings_rule
    every = _plural(body.meets_every_months, "month")
    if last_meeting is not None and last_meeting >= since:
        reference, history = last_meeting, f"it last met on {_date(last_meeting)}"
    else:
        reference, history = since, f"it has not met since it was set up on {_date(since)}"
    due = add_months(reference, body.meets_every_months)
    requires = f"{_rule(rule)} requires {_the(body)} to meet at least every {every}"
    if today <= due:
        return Answer(True, rule, f"{requires}; {history}, so its next meeting is due by "
                                  f"{_date(due)}.")
    gap = _plural(_months_between(reference, today), "month")
    return Answer(False, rule, f"{requires}; {history}, {gap} ago, so a meeting was due by "
                               f"{_date(due)}.")


def papers_late(body: Body, *, circulated_at: datetime, meeting_at: datetime) -> Answer:
    """Were a meeting's papers circulated in time? ok=True: on time; the reason says how late."""
    circulated = _utc(circulated_at, "circulated_at")
    meeting = _utc(meeting_at, "meeting_at")
    rule = body.papers_rule or body.rule
    required = timedelta(days=body.papers_days)
    if body.papers_days:
        requires = f"{_rule(rule)} requires papers {_duration(required)} before the meeting"
    else:
        requires = f"{_rule(rule)} requires papers before the meeting"
    lead = meeting - circulated
    when = (f"{_duration(lead)} before it" if lead > timedelta(0)
            else "as it began" if lead == timedelta(0)
            else f"{_duration(-lead)} after it began")
    if lead >= required:
        return Answer(True, rule, f"{requires}; these were circulated {when}, on time.")
    return Answer(False, rule, f"{requires}; these were circulated {when}, "
                               f"{_duration(required - lead)} late.")


def minutes_overdue(body: Body, *, meeting_at: datetime, published_at: datetime | None,
                    now: datetime) -> Answer:
    """Are a meeting's minutes late? ok=True: published in time, or not yet due."""
    meeting = _utc(meeting_at, "meeting_at")
    current = _utc(now, "now")
    if body.minutes_days is None or body.minutes_rule is None:
        return Answer(True, body.rule, f"{_cap(_the(body))} has no deadline for "
                                       "publishing minutes.")
    rule = body.minutes_rule
    deadline = meeting + timedelta(days=body.minutes_days)
    requires = (f"{_rule(rule)} requires minutes within {_plural(body.minutes_days, 'day')} "
                "of the meeting")
    if published_at is not None:
        published = _utc(published_at, "published_at")
        after = _duration(max(published - meeting, timedelta(0)))
        if published <= deadline:
            return Answer(True, rule, f"{requires}; they were published {after} after it.")
        return Answer(False, rule, f"{requires}; they were published {after} after it, "
                                   f"{_duration(published - deadline)} late.")
    if current <= deadline:
        left = deadline - current
        return Answer(True, rule, f"{requires}; they have not been published yet and are due "
                                  f"within {_duration(left)}.")
    return Answer(False, rule, f"{requires}; they have not been published "
                               f"{_duration(current - meeting)} after it, "
                               f"{_duration(current - deadline)} late.")


def term_expired(body: Body, *, started: date, today: date) -> Answer:
    """Has a term on ``body`` that began on ``started`` ended? ok=True: the term is still running.

    A term of N months ends on the same day N calendar months later (or the month's last day).
    """
    if body.term_months is None or body.terms_rule is None:
        return Answer(True, body.rule, f"Seats on {_the(body)} have no fixed term.")
    rule = body.terms_rule
    ends = add_months(started, body.term_months)
    sets = (f"{_rule(rule)} sets terms of {_plural(body.term_months, 'month')} on "
            f"{_the(body)}; this term began on {_date(started)}")
    if today < ends:
        return Answer(True, rule, f"{sets} and runs until {_date(ends)}.")
    return Answer(False, rule, f"{sets} and ended on {_date(ends)}.")


def takes_effect(amendments: Amendments | None, *, adopted_at: datetime) -> Effective:
    """When a version adopted at ``adopted_at`` takes effect, under the version it replaces.

    It is the constitution in force that says how it may be changed, so ``amendments`` comes
    from the version being replaced, not from the new text. N days is N times 24 real hours.
    """
    adopted = _utc(adopted_at, "adopted_at")
    if amendments is None:
        return Effective(adopted_at, "", "The constitution sets no delay for changes to it, so "
                                         "a new version takes effect at once.", True)
    rule = amendments.rule
    if amendments.effective_days == 0:
        return Effective(adopted_at, rule, f"{_rule(rule)}: a new version of the constitution "
                                           "takes effect when it is adopted, so at once.", True)
    at = adopted + timedelta(days=amendments.effective_days)
    return Effective(at, rule, f"{_rule(rule)}: a new version of the constitution takes effect "
                               f"{_plural(amendments.effective_days, 'day')} after it is "
                               f"adopted; this one was adopted on {_date(adopted.date())}, so "
                               f"it takes effect on {_date(at.date())}.", False)


def requisition_right(requisition: Requisition, *, body_name: str, last_meeting: date | None,
                      since: date, today: date) -> Answer:
    """Has the members' right to require a meeting arisen? Always, unless the requisition's
    rule gives it only when the body has not met for ``not_met_months`` (the demo's rule 6.1)."""
    rule = requisition.rule
    if requisition.not_met_months is None:
        return Answer(True, rule, f"{_rule(rule)} lets members require a meeting at any time.")
    reference = last_meeting if last_meeting is not None and last_meeting >= since else since
    arises = add_months(reference, requisition.not_met_months)
    history = (f"it last met on {_date(reference)}" if reference == last_meeting
               else f"it has not met since it was set up on {_date(reference)}")
    months = _plural(requisition.not_met_months, "month")
    if today >= arises:
        return Answer(True, rule, f"{_rule(rule)}: the {body_name} has not met for {months} "
                                  f"({history}).")
    return Answer(False, rule, f"{_rule(rule)} lets members call a meeting only when the "
                               f"{body_name} has not met for {months}; {history}, so the right "
                               f"arises on {_date(arises)}.")


def requisition_reached(r: Requisition, *, signatures: int, members: int) -> Answer:
    """Has a requisition the signatures its rule needs?"""
    needed = requisition_threshold(r, members=members)
    parts = []
    if r.percent is not None:
        parts.append(f"{_percent(r.percent)} of the members "
                     f"({math.ceil(r.percent * members / 100):,} of {members:,})")
    if r.count is not None:
        parts.append(_plural(r.count, "member"))
    joiner = " or " if r.combine == "either" else " and "
    which = ("" if len(parts) == 1 else
             ", whichever is fewer" if r.combine == "either" else ", whichever is more")
    ok = signatures >= needed
    rest = "so it is complete" if ok else f"so {needed - signatures:,} more needed"
    return Answer(ok, r.rule, f"{_rule(r.rule)} needs signatures from {joiner.join(parts)}{which}:"
                              f" {needed:,} needed and {signatures:,} signed, {rest}.")
