"""Template tags so public pages of other apps can show a person's meetings record."""

from __future__ import annotations

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def meetings_record(person) -> dict:
    """{% meetings_record person as record %}: attendance and named votes (never secret ones)."""
    return selectors.person_record(person)


@register.filter
def decision_name(key: str, organisation) -> str:
    """{{ motion.decision_key|decision_name:organisation }}: the kind of decision by the name
    the constitution gives it, never its key (a key the rules no longer hold is shown as is)."""
    try:
        return organisation.constitution.decision(key).name
    except (KeyError, AttributeError):
        return key


@register.filter
def duration(seconds: int | None) -> str:
    """{{ speech.seconds|duration }}: "3 min 20 s" rather than "200 s", as the console says it."""
    return "" if seconds is None else selectors.duration_words(int(seconds))
