from __future__ import annotations

from django.http import HttpRequest

from .access import application_power


def applications(request: HttpRequest) -> dict:
    """The power that decides applications to join, so the menu can offer the page to its
    holders (checked against the powers the core context already read: no second query)."""
    organisation = getattr(request, "organisation", None)
    if getattr(request, "member", None) is None or organisation is None:
        return {"application_power": None}
    return {"application_power": application_power(organisation)}
