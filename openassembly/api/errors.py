"""The error bodies the JSON API returns, so each operation's schema can list every status it
really returns (tests/test_schema.py walks them)."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    """Every refusal: the reason, in words, naming the rule where there is one."""

    detail: str


class ValidationOut(Schema):
    """A request body or parameter that does not fit the schema (422)."""

    detail: list[dict[str, Any]]


def refusals(*codes: int) -> dict[int, type[Schema]]:
    """The error responses for ``codes``: 422 has its own shape, the rest are ``ErrorOut``."""
    return {code: ValidationOut if code == 422 else ErrorOut for code in codes}


# What every read of one organisation can return: an unknown organisation (404), and a bad
# or revoked token when one is sent (401), or one without the "read" scope (403).
READ = (401, 403, 404)
