"""{% status code label %}: a status as a badge that says it in words and shows an icon, so
colour is never the only sign (WCAG 1.4.1). The tone comes from the stored code; the label is
what the reader sees."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

register = template.Library()

# Each tone has a colour and an icon in site.css (.status-<tone>). Codes are matched whole,
# after "-" and " " become "_", so "at risk", "at-risk" and "at_risk" are one status.
TONES: dict[str, frozenset[str]] = {
    "carried": frozenset({"carried", "adopted", "declared", "elected", "kept", "passed",
                          "approved", "confirmed", "published", "done", "reached", "drawn",
                          "succeeded", "met", "accepted", "valid"}),
    "lost": frozenset({"lost", "not_carried", "rejected", "defeated", "failed", "fell",
                       "refused", "void", "fallen", "lapsed", "expired", "invalid"}),
    "open": frozenset({"open", "voting", "nominations", "in_progress", "live", "collecting",
                       "running", "sitting", "pool_open", "on_ballot", "called", "pending",
                       "proposed", "scheduled",
                       "circulated", "signing", "standing", "nominated", "queued"}),
    "closed": frozenset({"closed", "counted", "held", "finished", "ended", "pool_closed",
                         "completed", "complete", "nominations_closed", "archived",
                         "adjourned", "revealed"}),
    "breach": frozenset({"broken", "breach", "overdue"}),
    "risk": frozenset({"at_risk", "late", "due"}),
    "cancelled": frozenset({"cancelled", "withdrawn", "revoked", "superseded"}),
}


def tone_of(code: object) -> str:
    """The badge's tone for a stored status code (or a True/False outcome); "neutral" if the
    code is none of the known ones, so a new status shows plainly rather than wrongly."""
    if code is True:
        return "carried"
    if code is False:
        return "lost"
    key = str(code or "").strip().lower().replace("-", "_").replace(" ", "_")
    for tone, codes in TONES.items():
        if key in codes:
            return tone
    return "neutral"


@register.simple_tag
def status(code: object, label: object = None, tone: str | None = None) -> str:
    """<span class="status status-carried">Carried</span>; the label defaults to the code."""
    text = label if label not in (None, "") else str(code or "").replace("_", " ")
    return format_html('<span class="status status-{}">{}</span>', tone or tone_of(code), text)
