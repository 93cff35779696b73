"""The first draft of a meeting's minutes, written from what the record holds."""

from __future__ import annotations

import re

from django.utils import timezone

from .models import Attendance, Division, Meeting, Motion, Vote

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+!|])")


def _esc(text: str) -> str:
    """Names and titles are plain text; keep Markdown from reading them as formatting."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%-d %B %Y, %H:%M")


def closing_sentence(meeting: Meeting) -> str:
    """When the meeting closed, as a minute says it: the time alone when it closed on the day
    it opened, the time and the day when it ran past midnight (or was closed later)."""
    closed = timezone.localtime(meeting.closed_at)
    opened = timezone.localtime(meeting.opened_at or meeting.starts_at)
    if closed.date() == opened.date():
        return f"The meeting closed at {closed:%H:%M}."
    return f"The meeting closed at {closed:%H:%M} on {closed:%A} {closed.day} {closed:%B %Y}."


def _names(rows) -> str:
    names = [_esc(r) for r in rows]
    return ", ".join(names) if names else "none"


def _division_lines(division: Division, *, private: bool, outcome_public: bool) -> list[str]:
    head = f"*Division {division.number}* ({division.get_method_display()}): "
    if private and not outcome_public:
        return [head + "the outcome is withheld under the rule for private business.", ""]
    lines = [head + f"{division.votes_for} for, {division.against} against, "
             f"{division.abstain} abstaining: "
             f"**{'carried' if division.carried else 'not carried'}**. "
             f"{_esc(division.result_reason)}", ""]
    if division.weighted:
        w = division.weighted
        lines += [f"Weighted (card vote, percent of the whole vote): {w[0]} for, {w[1]} against, "
                  f"{w[2]} abstaining.", ""]
    if division.method in (Division.Method.NAMED, Division.Method.CARD) and not private:
        votes = list(division.votes.select_related("member", "cast_by"))
        for choice, label in Vote.Choice.choices:
            who = [v.member.name + (f" (by proxy, {v.cast_by.name})" if v.by_proxy else "")
                   for v in votes if v.choice == choice]
            lines.append(f"- {label.capitalize()}: {_names(who)}.")
        lines.append("")
    return lines


def _quote(text: str) -> list[str]:
    return [f"> {line}" if line else ">" for line in text.splitlines()] + [""]


def _motion_lines(motion: Motion, children: dict[int, list[Motion]], *, private: bool,
                  outcome_public: bool) -> list[str]:
    """A motion as moved, then its amendments in order, then the motion as amended and its vote."""
    seconder = f", seconded by {_esc(motion.seconder.name)}" if motion.seconder else ""
    lines = [f"**{_esc(str(motion))}**, moved by {_esc(motion.mover.name)}{seconder}.", ""]
    if not private:
        lines += _quote(motion.original_text)
    for child in children.get(motion.pk, []):
        lines += _motion_lines(child, children, private=private, outcome_public=outcome_public)
    if (not private and motion.kind == Motion.Kind.SUBSTANTIVE
            and motion.text != motion.original_text):
        lines += [f"Motion {motion.number} as amended:", "", *_quote(motion.text)]
    for division in motion.divisions.all():
        lines += _division_lines(division, private=private, outcome_public=outcome_public)
    if not private or outcome_public:
        voted = bool(motion.divisions.all())
        note = f" {_esc(motion.outcome_note)}" if motion.outcome_note and not voted else ""
        lines += [f"Outcome of {motion.get_kind_display()} {motion.number}: "
                  f"{motion.get_status_display()}.{note}", ""]
    return lines


def draft_text(meeting: Meeting) -> str:
    attendance = list(meeting.attendance.select_related("member"))
    present = [a for a in attendance if a.present and a.role == Attendance.Role.MEMBER]
    observers = [a for a in attendance if a.present and a.role == Attendance.Role.OBSERVER]
    apologies = [a for a in attendance if not a.present]
    where = " and ".join(p for p in (meeting.place, "online" if meeting.online_url else "") if p)
    lines = [
        f"# Minutes: {_esc(meeting.title)}",
        "",
        f"{_esc(meeting.body.name)}, meeting {meeting.number}, {_when(meeting.starts_at)}, "
        f"{_esc(where)}. Chair: {_esc(meeting.chair.name)}. "
        f"Minutes: {_esc(meeting.minute_taker.name)}.",
        "",
    ]
    if meeting.short_notice:
        lines += [f"Called at short notice under rule {meeting.notice_rule}: "
                  f"{_esc(meeting.urgency_reason)}", ""]
    lines += [
        "## Attendance",
        "",
        f"Present in person: {_names(a.member.name for a in present if a.mode == 'in-person')}.",
        "",
        f"Present online: {_names(a.member.name for a in present if a.mode == 'online')}.",
        "",
        f"Observers: {_names(a.member.name for a in observers)}.",
        "",
        f"Apologies: {_names(a.member.name for a in apologies)}.",
        "",
    ]
    proxies = list(meeting.proxies.select_related("appointer", "holder"))
    if proxies:
        lines += ["Proxies: " + "; ".join(f"{_esc(p.holder.name)} for {_esc(p.appointer.name)} "
                                          f"(rule {p.rule})" for p in proxies) + ".", ""]
    motions = list(meeting.motions.select_related("mover", "seconder", "item")
                   .prefetch_related("divisions"))
    children: dict[int, list[Motion]] = {}
    for m in motions:
        if m.parent_id is not None:
            children.setdefault(m.parent_id, []).append(m)
    for siblings in children.values():
        siblings.sort(key=lambda m: (m.kind != Motion.Kind.REFERENCE_BACK, m.position))
    points = list(meeting.points.select_related("raised_by"))
    for item in meeting.items.prefetch_related("speeches__speaker", "papers"):
        lines += [f"## {item.position}. {_esc(item.title)}", ""]
        if item.is_private:
            lines += [f"Taken in private under rule {item.private_rule}.", ""]
        if item.description:
            lines += [item.description, ""]
        papers = list(item.papers.all())
        if papers:
            lines += ["Papers: " + ", ".join(_esc(p.title) for p in papers) + ".", ""]
        spoke = [s for s in item.speeches.all() if s.status == s.Status.DONE]
        if spoke and not item.is_private:
            lines += ["Speakers: " + ", ".join(_esc(s.speaker.name) for s in spoke) + ".", ""]
        for motion in (m for m in motions if m.item_id == item.pk and m.parent_id is None):
            lines += _motion_lines(motion, children, private=item.is_private,
                                   outcome_public=item.private_outcome_public)
    if points:
        lines += ["## Points of order", ""]
        for point in points:
            where = " (online)" if point.online else ""
            lines.append(f"- {_esc(point.raised_by.name)}{where}: {point.text} "
                         f"Ruling: {point.ruling or 'none'} ({point.get_status_display()}).")
        lines.append("")
    decisions = list(meeting.decisions.prefetch_related("actions__owner"))
    if decisions:
        lines += ["## Decisions and actions", ""]
        for decision in decisions:
            lines.append(f"- Decision {decision.number}: {_esc(decision.title)}"
                         if not decision.withheld else f"- Decision {decision.number}: withheld")
            for action in decision.actions.all():
                lines.append(f"    - {_esc(action.description)}: {_esc(action.owner.name)}, "
                             f"by {action.due_on:%-d %B %Y}")
        lines.append("")
    if meeting.closed_at:
        lines.append(closing_sentence(meeting))
    return "\n".join(lines).rstrip() + "\n"
