"""Template tags so public pages of other apps can show a person's meetings record."""

from __future__ import annotations

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def meetings_record(person) -> dict:
    """{% meetings_record person as record %}: attendance and named votes (never secret ones)."""
    return selectors.person_record(person)
