"""Errors a service raises; views and the API turn them into pages and status codes."""

from __future__ import annotations


class ServiceError(Exception):
    """Something a person asked for that cannot be done; the message says why.

    ``field`` names the form field the reason is about, when there is one, so that a page
    can show it next to that field (see core/forms_flow.py); the API ignores it."""

    status = 400

    def __init__(self, message: str = "", *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class InvalidInput(ServiceError):
    status = 400


class NotFound(ServiceError):
    """Missing and forbidden look the same from outside, so lookups cannot probe."""

    status = 404


class PowerDenied(ServiceError):
    """The acting person holds no seat that the constitution gives this power to."""

    status = 403

    def __init__(self, message: str, *, power: str, rule: str = "") -> None:
        super().__init__(message)
        self.power = power
        self.rule = rule


class Conflict(ServiceError):
    status = 409


class RateLimited(ServiceError):
    """Too many of one kind of request from one account or address in a short time; the message
    says what and how long to wait (core/limits.py)."""

    status = 429
